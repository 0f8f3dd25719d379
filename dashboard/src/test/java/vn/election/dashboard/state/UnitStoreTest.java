package vn.election.dashboard.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import vn.election.dashboard.Fixtures;
import vn.election.model.registry.Registry;
import vn.election.model.unit.LevelCompletion;
import vn.election.model.unit.UnitSnapshot;

class UnitStoreTest {

    private final Registry registry = Fixtures.REGISTRY;
    private final UnitStore store = new UnitStore(registry);

    @Test
    void answersZeroSnapshotWithRegistryTotalsForAnUnreportedUnit() {
        UnitSnapshot vn = store.get("VN");

        assertThat(vn.registered()).isEqualTo(registry.registeredTotal("VN")).isPositive();
        assertThat(vn.voted()).isZero();
        assertThat(vn.version()).isZero();
        assertThat(vn.asOf()).isNull();
        assertThat(vn.name()).isEqualTo("Việt Nam");
        assertThat(vn.level()).isEqualTo("nation");
        // Leaf level first, like the turnout job; only the leaf level counts reporting.
        assertThat(vn.completeByLevel()).containsExactly(
                entry("polling_area", new LevelCompletion(0, 144, 0L)),
                entry("commune", new LevelCompletion(0, 36, null)),
                entry("district", new LevelCompletion(0, 12, null)),
                entry("province", new LevelCompletion(0, 6, null)));
        assertThat(store.knownUnits()).isZero();
    }

    @Test
    void zeroSnapshotOfAPollingAreaHasNoLowerLevels() {
        String leaf = registry.children(registry.children(registry.children(registry.children("VN").get(0)).get(0)).get(0)).get(0);

        UnitSnapshot s = store.get(leaf);

        assertThat(s.level()).isEqualTo("polling_area");
        assertThat(s.completeByLevel()).isEmpty();
        assertThat(s.registered()).isEqualTo(registry.unit(leaf).registered());
    }

    @Test
    void keepsNewerVersionAndIgnoresOlderOrRepeatedOne() {
        UnitSnapshot v5 = Fixtures.snapshot("VN-22", 1000, 900, 5);
        UnitSnapshot v3 = Fixtures.snapshot("VN-22", 1000, 100, 3);
        UnitSnapshot v5again = Fixtures.snapshot("VN-22", 1000, 100, 5);
        UnitSnapshot v6 = Fixtures.snapshot("VN-22", 1000, 950, 6);

        assertThat(store.offer(v5)).isEqualTo(UnitStore.Outcome.APPLIED);
        assertThat(store.offer(v3)).isEqualTo(UnitStore.Outcome.STALE);
        assertThat(store.offer(v5again)).isEqualTo(UnitStore.Outcome.STALE);
        assertThat(store.get("VN-22")).isEqualTo(v5);

        assertThat(store.offer(v6)).isEqualTo(UnitStore.Outcome.APPLIED);
        assertThat(store.get("VN-22").voted()).isEqualTo(950);
        assertThat(store.knownUnits()).isEqualTo(1);
    }

    @Test
    void reportsChangedUnitsOnceUntilTheyChangeAgain() {
        store.offer(Fixtures.snapshot("VN-22", 1000, 900, 1));
        store.offer(Fixtures.snapshot("VN-01", 1000, 900, 1));
        store.offer(Fixtures.snapshot("VN-01", 1000, 900, 1)); // stale: no change

        assertThat(store.drainChanged()).containsExactlyInAnyOrder("VN-22", "VN-01");
        assertThat(store.drainChanged()).isEmpty();

        store.offer(Fixtures.snapshot("VN-01", 1000, 950, 2));
        assertThat(store.drainChanged()).containsExactly("VN-01");
    }

    @Test
    void refusesUnitsOutsideTheRegistry() {
        UnitSnapshot stranger = new UnitSnapshot("XX-99", "VN", "province", "Nowhere", 10, 5,
                new java.util.LinkedHashMap<>(), Fixtures.AS_OF, 1);

        assertThat(store.offer(stranger)).isEqualTo(UnitStore.Outcome.UNKNOWN_UNIT);
        assertThat(store.find("XX-99")).isEmpty();
        assertThat(store.find(null)).isEmpty();
        assertThat(store.drainChanged()).isEmpty();
    }

    @Test
    void listsChildrenInRegistryOrderMixingReportedAndUnreported() {
        UnitSnapshot quangNinh = Fixtures.snapshot("VN-22", 1000, 999, 4);
        store.offer(quangNinh);

        List<UnitSnapshot> children = store.children("VN");

        assertThat(children).extracting(UnitSnapshot::unitId).containsExactlyElementsOf(registry.children("VN"));
        assertThat(children).extracting(UnitSnapshot::unitId).startsWith("VN-01", "VN-22", "VN-06");
        assertThat(children.get(1)).isEqualTo(quangNinh);
        assertThat(children.get(0).version()).isZero();
        assertThat(store.children("no-such-unit")).isEmpty();
    }

    private static <K, V> java.util.Map.Entry<K, V> entry(K k, V v) {
        return java.util.Map.entry(k, v);
    }
}
