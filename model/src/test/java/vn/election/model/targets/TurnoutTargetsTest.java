package vn.election.model.targets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.election.model.registry.Registry;
import vn.election.model.registry.RegistryLoader;

class TurnoutTargetsTest {

    /** A 2026-shaped hierarchy: no district level. */
    private static final Registry REGISTRY = RegistryLoader.load(new ByteArrayInputStream("""
            unit_id,parent_id,level,name,registered
            X,,nation,Quốc gia,
            X-1,X,province,Tỉnh Một,
            X-2,X,province,Tỉnh Hai,
            X-1-a,X-1,commune,Xã A,
            X-1-a-1,X-1-a,polling_area,Khu vực 1,100
            X-2-b,X-2,commune,Xã B,
            X-2-b-1,X-2-b,polling_area,Khu vực 1,100
            """.getBytes(StandardCharsets.UTF_8)), "test");

    @Test
    void aUnitHasItsOwnTargetElseItsNearestAncestorsElseTheDefault() {
        TurnoutTargets t = TurnoutTargets.parse("""
                unit_id,target_pct
                # the mountain province aims lower; one of its communes aims at all
                X-1,98
                X-1-a,100
                """, REGISTRY, TurnoutTargets.DEFAULT_PCT, "test");

        assertThat(t.of("X-1", REGISTRY)).isEqualByComparingTo("98");
        assertThat(t.of("X-1-a-1", REGISTRY)).isEqualByComparingTo("100");
        assertThat(t.of("X-2-b-1", REGISTRY)).isEqualByComparingTo("99.5");
        assertThat(t.of("X", REGISTRY)).isEqualByComparingTo("99.5");
        assertThat(TurnoutTargets.uniform(new BigDecimal("97")).of("X-2", REGISTRY)).isEqualByComparingTo("97");
    }

    @Test
    void aBadFileIsRefusedNamingTheLineAndWhy(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> TurnoutTargets.parse("unit,pct\nX-1,98\n", REGISTRY, TurnoutTargets.DEFAULT_PCT, "t"))
                .hasMessageContaining("t, line 1: expected the header unit_id,target_pct");
        assertThatThrownBy(() -> TurnoutTargets.parse("unit_id,target_pct\nX-1,98\nX-9,97\n", REGISTRY,
                TurnoutTargets.DEFAULT_PCT, "t")).hasMessage("t, line 3: unit_id X-9 is not in the registry");
        assertThatThrownBy(() -> TurnoutTargets.parse("unit_id,target_pct\nX-1,ninety\n", REGISTRY,
                TurnoutTargets.DEFAULT_PCT, "t")).hasMessage("t, line 2: target_pct must be a number such as 99.5, got 'ninety'");
        assertThatThrownBy(() -> TurnoutTargets.parse("unit_id,target_pct\nX-1,120\n", REGISTRY,
                TurnoutTargets.DEFAULT_PCT, "t")).hasMessageContaining("line 2: target_pct must be a percentage above 0 and at most 100");
        assertThatThrownBy(() -> TurnoutTargets.parse("unit_id,target_pct\nX-1,98\nX-1,97\n", REGISTRY,
                TurnoutTargets.DEFAULT_PCT, "t")).hasMessage("t, line 3: unit_id X-1 has a target already");
        Path file = Files.writeString(dir.resolve("targets.csv"), "unit_id,target_pct\nX-2,0\n");
        assertThatThrownBy(() -> TurnoutTargets.load(file, REGISTRY, TurnoutTargets.DEFAULT_PCT))
                .hasMessageStartingWith("targets file " + file + ", line 2: target_pct");
        assertThatThrownBy(() -> TurnoutTargets.load(dir.resolve("none.csv"), REGISTRY, TurnoutTargets.DEFAULT_PCT))
                .hasMessageStartingWith("targets file " + dir.resolve("none.csv"));
    }
}
