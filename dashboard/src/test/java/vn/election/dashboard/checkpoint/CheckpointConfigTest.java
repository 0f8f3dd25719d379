package vn.election.dashboard.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.LocalTime;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** DASHBOARD_CHECKPOINTS and the grace: defaults, "close" for 19:00, and bad values refused naming the variable. */
class CheckpointConfigTest {

    @Test
    void defaultsAreEveryTwoHoursFromNineToTheCloseWithTenMinutesGrace() {
        CheckpointConfig d = CheckpointConfig.fromEnv(Map.of());
        assertThat(d.times()).extracting(LocalTime::toString).containsExactly("09:00", "11:00", "13:00", "15:00", "17:00", "19:00");
        assertThat(d.grace()).isEqualTo(Duration.ofMinutes(10));
        CheckpointConfig c = CheckpointConfig.fromEnv(Map.of("DASHBOARD_CHECKPOINTS", " 8:00, 12:00 ,close",
                "DASHBOARD_CHECKPOINT_GRACE_MINUTES", "0"));
        assertThat(c.times()).extracting(LocalTime::toString).containsExactly("08:00", "12:00", "19:00");
        assertThat(c.grace()).isZero();
    }

    @Test
    void badValuesAreRefusedNamingTheVariable() {
        for (String bad : new String[] {"9h", "11:00,09:00", "09:00,09:00", "", "25:00", "09:00:30"}) {
            assertThatThrownBy(() -> CheckpointConfig.fromEnv(Map.of("DASHBOARD_CHECKPOINTS", bad.isEmpty() ? "," : bad)))
                    .as(bad).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DASHBOARD_CHECKPOINTS");
        }
        assertThatThrownBy(() -> CheckpointConfig.fromEnv(Map.of("DASHBOARD_CHECKPOINT_GRACE_MINUTES", "ten")))
                .hasMessageContaining("DASHBOARD_CHECKPOINT_GRACE_MINUTES");
        assertThatThrownBy(() -> CheckpointConfig.fromEnv(Map.of("DASHBOARD_CHECKPOINT_GRACE_MINUTES", "-1")))
                .hasMessageContaining("DASHBOARD_CHECKPOINT_GRACE_MINUTES");
    }
}
