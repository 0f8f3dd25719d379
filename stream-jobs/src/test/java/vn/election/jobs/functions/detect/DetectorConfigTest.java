package vn.election.jobs.functions.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DetectorConfigTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        DetectorConfig d = DetectorConfig.defaults();
        assertThat(d.leafLevel()).isEqualTo("polling_area");
        assertThat(d.pollsOpenLocal()).isEqualTo(LocalTime.of(7, 0));
        assertThat(d.pollsCloseLocal()).isEqualTo(LocalTime.of(19, 0));
        assertThat(d.silenceThreshold()).isEqualTo(Duration.ofMinutes(120));
        assertThat(d.checkpointHoursLocal()).containsExactly(9, 11, 13, 15, 17);
        assertThat(d.surgeCapacityFor(300)).isEqualTo(5.0);
        assertThat(d.surgeCapacityFor(2000)).isEqualTo(30.0);
        assertThat(d.decreaseToleranceFor(100)).isEqualTo(2);
        assertThat(d.decreaseToleranceFor(1000)).isEqualTo(10);
    }

    @Test
    void readsNamedSettingsAndKeepsDefaultsForTheRest() {
        DetectorConfig c = DetectorConfig.fromArgs(Map.of("silence-threshold", "90m", "checkpoint-hours", "11,14,17",
                "jump-min-points", "8", "leaf-level", "booth"));
        assertThat(c.silenceThreshold()).isEqualTo(Duration.ofMinutes(90));
        assertThat(c.checkpointHoursLocal()).isEqualTo(List.of(11, 14, 17));
        assertThat(c.jumpMinPoints()).isEqualTo(8.0);
        assertThat(c.leafLevel()).isEqualTo("booth");
        assertThat(c.surgeWindow()).isEqualTo(DetectorConfig.defaults().surgeWindow());
    }

    @Test
    void aBadSettingIsRefusedNamingItsKeyAndWhatWasExpected() {
        assertThatThrownBy(() -> DetectorConfig.fromArgs(Map.of("surge-window", "soon")))
                .hasMessageContaining("surge-window").hasMessageContaining("duration");
        assertThatThrownBy(() -> DetectorConfig.fromArgs(Map.of("checkpoint-hours", "13,11")))
                .hasMessageContaining("checkpoint-hours").hasMessageContaining("rising hours");
        assertThatThrownBy(() -> DetectorConfig.fromArgs(Map.of("polls-open", "20:00")))
                .hasMessageContaining("polls-open").hasMessageContaining("before polls-close");
        assertThatThrownBy(() -> DetectorConfig.fromArgs(Map.of("silence-complete-percent", "120")))
                .hasMessageContaining("silence-complete-percent");
    }

    @Test
    void travelsWithTheOperatorsItConfigures() throws Exception {
        try (ObjectOutputStream out = new ObjectOutputStream(new ByteArrayOutputStream())) {
            out.writeObject(new SurgeDetector(DetectorConfig.defaults()));
        }
    }
}
