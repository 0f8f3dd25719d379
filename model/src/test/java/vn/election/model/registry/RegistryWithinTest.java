package vn.election.model.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RegistryWithinTest {

    @Test
    void isWithinAgreesWithThePathForEveryPairOfUnits() {
        Registry r = RegistryLoader.bundledDemo();
        List<Unit> all = new java.util.ArrayList<>();
        r.units().forEach(all::add);
        int inside = 0;
        for (Unit unit : all) {
            List<String> path = r.path(unit.id()).stream().map(Unit::id).toList();
            for (Unit ancestor : all) {
                boolean expected = path.contains(ancestor.id());
                assertThat(r.isWithin(unit.id(), ancestor.id())).as("%s within %s", unit.id(), ancestor.id()).isEqualTo(expected);
                assertThat(r.isWithin(unit, ancestor.id())).as("%s within %s", unit.id(), ancestor.id()).isEqualTo(expected);
                inside += expected ? 1 : 0;
            }
        }
        assertThat(inside).isGreaterThan(all.size());      // every unit is within itself and the root, at least
        assertThat(r.isWithin("no-such-unit", r.root())).isFalse();
        assertThat(r.isWithin(all.get(0), "no-such-unit")).isFalse();
        assertThat(r.isWithin(all.get(0), null)).isFalse();
    }
}
