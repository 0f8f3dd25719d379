package vn.election.dashboard.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.election.dashboard.Fixtures;
import vn.election.dashboard.state.CorrectionStore;
import vn.election.model.correction.Correction;
import vn.election.model.registry.Registry;

class PendingCorrectionsTest {

    private static final Registry REGISTRY = Fixtures.REGISTRY;
    private static final Instant NINE = OffsetDateTime.parse("2021-05-23T09:00:00+07:00").toInstant();

    private final PendingCorrections pending = new PendingCorrections(REGISTRY);

    @Test
    void keepsOnlyTheCorrectionsAtOrBelowTheUnitInView() {
        String quangNinh = area("VN-22");
        String hanoi = area("VN-01");

        pending.offer(fresh(entry(quangNinh, 1), entry(hanoi, 2), entry(quangNinh, 3)), "VN-22");

        assertThat(pending.take()).extracting(e -> e.correction().seq()).containsExactly(1L, 3L);
        assertThat(pending.isEmpty()).isTrue();
        pending.offer(fresh(entry(quangNinh, 4)), quangNinh);
        assertThat(pending.size()).isEqualTo(1);
        pending.offer(fresh(entry(quangNinh, 5)), REGISTRY.root());
        assertThat(pending.size()).isEqualTo(2);
    }

    @Test
    void aClientThatFallsFarBehindHoldsNoMoreThanTheBoundAndIsToldToReload() {
        String quangNinh = area("VN-22");
        for (int round = 0; round < 20; round++) {
            List<CorrectionStore.Entry> batch = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                batch.add(entry(quangNinh, round * 100L + i));
            }
            pending.offer(new CorrectionStore.Fresh(batch, false), "VN-22");
            assertThat(pending.size()).isLessThanOrEqualTo(PendingCorrections.MAX_PENDING);
        }
        assertThat(pending.reloadDue()).isTrue();
        assertThat(pending.size()).isZero();
        assertThat(pending.take()).isEmpty();
        assertThat(pending.reloadDue()).isFalse();
        assertThat(pending.isEmpty()).isTrue();
    }

    @Test
    void aStoreOverflowIsAReloadAndANewViewStartsClean() {
        pending.offer(new CorrectionStore.Fresh(List.of(), true), "VN-22");
        assertThat(pending.reloadDue()).isTrue();
        assertThat(pending.isEmpty()).isFalse();

        pending.clear();

        assertThat(pending.isEmpty()).isTrue();
        assertThat(pending.reloadDue()).isFalse();
    }

    private static CorrectionStore.Fresh fresh(CorrectionStore.Entry... entries) {
        return new CorrectionStore.Fresh(List.of(entries), false);
    }

    private static CorrectionStore.Entry entry(String area, long seq) {
        return new CorrectionStore.Entry(new Correction(area, "main", Correction.VOTED, 100, 90, NINE, 7 * 3600, seq, "tok"), NINE);
    }

    private static String area(String unit) {
        String u = unit;
        while (!REGISTRY.isLeaf(u)) {
            u = REGISTRY.children(u).get(0);
        }
        return u;
    }
}
