package vn.election.dashboard.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import org.junit.jupiter.api.Test;
import vn.election.model.registry.RegistryLoader;
import vn.election.testing.TestRegistries;

class BaselineTest {

    @Test
    void theBundledBaselineIsOneNationalCurve() {
        assertThat(Baseline.bundled().units()).isEqualTo(1);
        assertThat(Baseline.bundled().toJson(TestRegistries.tiny2026(), "X-1")).isEmpty();
    }

    @Test
    void aUnitWithoutItsOwnBaselineIsComparedWithItsNearestAncestor() throws IOException {
        Baseline b = Baseline.read(new StringReader("unit_id,time,turnout_pct\nX,09:00,30\nX,19:00,99.3\nX-2,19:00,98\n"),
                "test", TermLabel.of("2016"));

        assertThat(b.toJson(TestRegistries.tiny2026(), "X-1-a-1").orElseThrow().get("unit_id").asText()).isEqualTo("X");
        assertThat(b.toJson(TestRegistries.tiny2026(), "X-2-c").orElseThrow().get("unit_id").asText()).isEqualTo("X-2");
        assertThat(b.toJson(TestRegistries.tiny2026(), "X").orElseThrow().get("points")).hasSize(2);
        assertThat(b.unknownIn(TestRegistries.tiny2026())).isEmpty();
        // One configured label serves both languages.
        assertThat(b.toJson(TestRegistries.tiny2026(), "X").orElseThrow().get("label_en").asText()).isEqualTo("2016");
    }

    @Test
    void theBundledCurveIsLabelledInBothLanguages() {
        var json = Baseline.bundled().toJson(RegistryLoader.bundledDemo(), "VN-22").orElseThrow();

        assertThat(json.get("label").asText()).isEqualTo("2016 (minh họa)");
        assertThat(json.get("label_en").asText()).isEqualTo("2016 (illustrative)");
    }
}
