package vn.election.dashboard.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import vn.election.model.correction.Correction;
import vn.election.model.registry.Registry;
import vn.election.model.registry.RegistryLoader;

class CorrectionStoreTest {

    private static final Registry REGISTRY = RegistryLoader.bundledDemo();
    private static final Instant NINE = OffsetDateTime.parse("2021-05-23T09:00:00+07:00").toInstant();

    @Test
    void keepsTheLatestWithinItsBoundDroppingTheOldestFirstAndCountingThem() {
        String a = area("VN-22");
        String b = area("VN-01");
        CorrectionStore store = new CorrectionStore(REGISTRY, 3);
        for (int seq = 1; seq <= 5; seq++) {
            assertThat(store.offer(lowered(seq % 2 == 0 ? a : b, seq), NINE)).isEqualTo("applied");
        }
        assertThat(store.size()).isEqualTo(3);
        assertThat(store.dropped()).isEqualTo(2);
        assertThat(store.page(REGISTRY.root(), 0, 10).items()).extracting(e -> e.correction().seq())
                .containsExactly(5L, 4L, 3L);
        assertThat(store.page("VN-22", 0, 10).items()).extracting(e -> e.correction().seq()).containsExactly(4L);
        assertThat(store.page(b, 0, 10).total()).isEqualTo(2);
        assertThat(store.page(REGISTRY.root(), 1, 1).items()).extracting(e -> e.correction().seq()).containsExactly(4L);
        assertThat(store.page(REGISTRY.root(), Integer.MAX_VALUE, 500).items()).isEmpty();
    }

    @Test
    void aRepeatIsListedOnceAndAnUnknownAreaNotAtAll() {
        CorrectionStore store = new CorrectionStore(REGISTRY);
        String a = area("VN-22");
        assertThat(store.offer(lowered(a, 1), NINE)).isEqualTo("applied");
        assertThat(store.offer(lowered(a, 1), NINE)).isEqualTo("repeat");
        assertThat(store.offer(lowered("VN-99-NOPE", 1), NINE)).isEqualTo("unknown_unit");
        assertThat(store.page(REGISTRY.root(), 0, 10).total()).isEqualTo(1);
    }

    @Test
    void handsTheNewOnesToThePushLoopOnceAndOnlyThoseApplied() {
        CorrectionStore store = new CorrectionStore(REGISTRY);
        String a = area("VN-22");
        store.offer(lowered(a, 1), NINE);
        store.offer(lowered(a, 1), NINE);
        store.offer(lowered("VN-99-NOPE", 2), NINE);
        store.offer(lowered(a, 3), NINE);

        CorrectionStore.Fresh fresh = store.drainFresh();
        assertThat(fresh.overflowed()).isFalse();
        assertThat(fresh.entries()).extracting(e -> e.correction().seq()).containsExactly(1L, 3L);
        assertThat(store.drainFresh().isEmpty()).isTrue();
    }

    @Test
    void aFloodBetweenTwoTicksIsOneOverflowNotAnUnboundedList() {
        CorrectionStore store = new CorrectionStore(REGISTRY);
        String a = area("VN-22");
        for (int seq = 1; seq <= CorrectionStore.MAX_FRESH * 3; seq++) {
            store.offer(lowered(a, seq), NINE);
        }
        CorrectionStore.Fresh fresh = store.drainFresh();
        assertThat(fresh.overflowed()).isTrue();
        assertThat(fresh.entries()).isEmpty();
        assertThat(store.size()).isEqualTo(CorrectionStore.MAX_FRESH * 3);
        store.offer(lowered(a, 1_000_000), NINE);
        assertThat(store.drainFresh().entries()).extracting(e -> e.correction().seq()).containsExactly(1_000_000L);
    }

    private static Correction lowered(String area, long seq) {
        return new Correction(area, "main", Correction.VOTED, 100, 90, NINE, 7 * 3600, seq, "tok");
    }

    private static String area(String unit) {
        String u = unit;
        while (!REGISTRY.isLeaf(u)) {
            u = REGISTRY.children(u).get(0);
        }
        return u;
    }
}
