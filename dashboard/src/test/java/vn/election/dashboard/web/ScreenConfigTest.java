package vn.election.dashboard.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.election.dashboard.Fixtures;
import vn.election.dashboard.state.TermLabel;
import vn.election.testing.TestRegistries;

class ScreenConfigTest {

    @Test
    void defaultsShowVietnamTimeAnHourOfSilenceAndTheBundledBaseline() {
        ScreenConfig c = ScreenConfig.defaults();

        assertThat(c.zone().getId()).isEqualTo("Asia/Ho_Chi_Minh");
        assertThat(c.lateAfter().toMinutes()).isEqualTo(60);
        assertThat(c.targetCurve().points()).containsKey(java.time.LocalTime.of(19, 0));
        assertThat(c.baseline().toJson(Fixtures.REGISTRY, "VN").orElseThrow().get("unit_id").asText()).isEqualTo("VN");
    }

    @Test
    void aBrokenBaselineFileIsRefusedWithItsLine(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("2016.csv");
        Files.writeString(file, "unit_id,time,turnout_pct\nX,09:00,30\nX,9h,40\n");

        assertThatThrownBy(() -> ScreenConfig.baseline(file, null))
                .hasMessageContaining("DASHBOARD_BASELINE_FILE").hasMessageContaining("line 3")
                .hasMessageContaining("'9h'");
        Files.writeString(file, "unit_id,time,turnout_pct\nX,09:00,130\n");
        assertThatThrownBy(() -> ScreenConfig.baseline(file, null)).hasMessageContaining("outside 0..100");
        Files.writeString(file, "unit,when\nX,09:00\n");
        assertThatThrownBy(() -> ScreenConfig.baseline(file, null)).hasMessageContaining("header must be");
        Files.writeString(file, "unit_id,time,turnout_pct\nX,09:00,30\n");
        assertThat(ScreenConfig.baseline(file, null).toJson(TestRegistries.tiny2026(), "X").orElseThrow()
                .get("label").asText()).isEqualTo("2016");
    }

    @Test
    void aConfiguredLabelServesBothLanguagesUnlessAnEnglishOneIsGiven(@TempDir Path dir) throws IOException {
        Path baseline = dir.resolve("b.csv");
        Files.writeString(baseline, "unit_id,time,turnout_pct\nX,09:00,30\n");
        Path previous = dir.resolve("p.csv");
        Files.writeString(previous, "unit_id,level,complete_pct\nX,commune,50\n");

        ScreenConfig one = ScreenConfig.fromEnv(Map.of("DASHBOARD_BASELINE_FILE", baseline.toString(),
                "DASHBOARD_BASELINE_LABEL", "2021", "DASHBOARD_PREVIOUS_TERM_FILE", previous.toString()));
        assertThat(one.baseline().label()).isEqualTo(new TermLabel("2021", "2021"));
        assertThat(one.previousTerm().label()).isEqualTo(new TermLabel("p", "p")); // the file's name

        ScreenConfig two = ScreenConfig.fromEnv(Map.of("DASHBOARD_BASELINE_FILE", baseline.toString(),
                "DASHBOARD_BASELINE_LABEL", "2021 (bầu bổ sung)", "DASHBOARD_BASELINE_LABEL_EN", " 2021 (by-election) ",
                "DASHBOARD_PREVIOUS_TERM_FILE", previous.toString(), "DASHBOARD_PREVIOUS_TERM_LABEL_EN", "2021 (by-election)"));
        assertThat(two.baseline().toJson(TestRegistries.tiny2026(), "X").orElseThrow().get("label_en").asText())
                .isEqualTo("2021 (by-election)");
        assertThat(two.baseline().label().label()).isEqualTo("2021 (bầu bổ sung)");
        assertThat(two.previousTerm().label()).isEqualTo(new TermLabel("p", "2021 (by-election)"));
        assertThat(ScreenConfig.defaults().baseline().label()).isEqualTo(TermLabel.BUNDLED);
    }

    @Test
    void environmentVariablesAreReadAndBadOnesNamed() {
        ScreenConfig c = ScreenConfig.fromEnv(Map.of("DASHBOARD_ZONE", "Asia/Bangkok", "DASHBOARD_LATE_AFTER_MINUTES", "45",
                "DASHBOARD_TARGET_CURVE", "11:00=60, 19:00=99"));

        assertThat(c.zone().getId()).isEqualTo("Asia/Bangkok");
        assertThat(c.lateAfter().toMinutes()).isEqualTo(45);
        assertThat(c.targetCurve().toJson()).hasSize(2);
        assertThatThrownBy(() -> ScreenConfig.fromEnv(Map.of("DASHBOARD_ZONE", "Mars/Olympus")))
                .hasMessageContaining("DASHBOARD_ZONE").hasMessageContaining("Mars/Olympus");
        assertThatThrownBy(() -> ScreenConfig.fromEnv(Map.of("DASHBOARD_TARGET_CURVE", "09:00=35,09:00=40")))
                .hasMessageContaining("given twice");
        assertThatThrownBy(() -> ScreenConfig.fromEnv(Map.of("DASHBOARD_LATE_AFTER_MINUTES", "0")))
                .hasMessageContaining("between 1 minute and 24 hours");
    }
}
