package vn.election.dashboard.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import org.junit.jupiter.api.Test;
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
                "test", "2016");

        assertThat(b.toJson(TestRegistries.tiny2026(), "X-1-a-1").orElseThrow().get("unit_id").asText()).isEqualTo("X");
        assertThat(b.toJson(TestRegistries.tiny2026(), "X-2-c").orElseThrow().get("unit_id").asText()).isEqualTo("X-2");
        assertThat(b.toJson(TestRegistries.tiny2026(), "X").orElseThrow().get("points")).hasSize(2);
        assertThat(b.unknownIn(TestRegistries.tiny2026())).isEmpty();
    }
}
