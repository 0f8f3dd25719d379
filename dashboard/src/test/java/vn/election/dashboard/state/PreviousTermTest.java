package vn.election.dashboard.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import org.junit.jupiter.api.Test;
import vn.election.model.registry.RegistryLoader;

class PreviousTermTest {

    @Test
    void readsSharesPerUnitAndLevel() throws IOException {
        PreviousTerm p = PreviousTerm.read(new StringReader("unit_id,level,complete_pct\n# a comment\nVN-22,commune,50.54\n"
                + "\"VN-22\", district , 7.14\n"), "f.csv", TermLabel.of("2021"));

        assertThat(p.completePct("VN-22", "commune")).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("50.54"));
        assertThat(p.completePct("VN-22", "district")).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("7.14"));
        assertThat(p.completePct("VN-22", "polling_area")).isEmpty();
        assertThat(p.completePct("VN-01", "commune")).isEmpty();
        assertThat(p.label()).isEqualTo(new TermLabel("2021", "2021"));
    }

    @Test
    void aBrokenFileIsRefusedWithItsLine() {
        assertThatThrownBy(() -> PreviousTerm.read(new StringReader("unit_id,turnout_pct\nVN,99\n"), "f.csv", TermLabel.of("x")))
                .hasMessageContaining("f.csv: header must be unit_id,level,complete_pct");
        assertThatThrownBy(() -> PreviousTerm.read(new StringReader("unit_id,level,complete_pct\nVN,commune,101\n"), "f.csv", TermLabel.of("x")))
                .hasMessage("f.csv line 2: complete_pct must be a percentage 0..100, got '101'");
        assertThatThrownBy(() -> PreviousTerm.read(new StringReader("unit_id,level,complete_pct\nVN,commune,1\nVN,commune,2\n"),
                "f.csv", TermLabel.of("x"))).hasMessage("f.csv line 3: VN commune is given twice");
        assertThatThrownBy(() -> PreviousTerm.read(new StringReader("unit_id,level,complete_pct\nVN,,1\n"), "f.csv", TermLabel.of("x")))
                .hasMessageContaining("line 2: unit_id and level must not be empty");
        assertThatThrownBy(() -> PreviousTerm.read(new StringReader("unit_id,level,complete_pct\nVN,commune\n"), "f.csv", TermLabel.of("x")))
                .hasMessageContaining("line 2: expected 3 columns");
    }

    @Test
    void theBundledFileIsIllustrativeAndFitsTheDemoRegistry() {
        PreviousTerm p = PreviousTerm.bundled();

        assertThat(p.label()).isEqualTo(new TermLabel("2016 (minh họa)", "2016 (illustrative)"));
        assertThat(p.unknownIn(RegistryLoader.bundledDemo())).isEmpty();
        assertThat(p.completePct("VN-22", "polling_area")).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("81.42"));
    }
}
