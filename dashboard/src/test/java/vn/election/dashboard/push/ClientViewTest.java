package vn.election.dashboard.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import vn.election.dashboard.Fixtures;
import vn.election.dashboard.state.UnitStore;

class ClientViewTest {

    private final ClientView view = new ClientView(Fixtures.REGISTRY);

    @Test
    void startsOnTheRootWithASnapshotDue() {
        assertThat(view.unitId()).isEqualTo("VN");
        assertThat(view.snapshotDue()).isTrue();
        assertThat(view.size()).isEqualTo(1 + Fixtures.REGISTRY.children("VN").size());
    }

    @Test
    void keepsOnlyChangedUnitsInViewAndNeverMoreThanTheView() {
        view.snapshotTaken();
        Set<String> everything = new HashSet<>();
        Fixtures.REGISTRY.units().forEach(u -> everything.add(u.id()));

        view.changed(everything);

        assertThat(view.pendingCount()).isEqualTo(view.size());
        assertThat(view.takePending()).containsExactlyInAnyOrderElementsOf(viewIds());
        assertThat(view.hasPending()).isFalse();
    }

    @Test
    void ignoresChangesOutOfViewAndKeepsTheRootForTheHeader() {
        view.subscribe("VN-22");
        view.snapshotTaken();
        String districtOfQuangNinh = Fixtures.REGISTRY.children("VN-22").get(0);
        String districtOfHanoi = Fixtures.REGISTRY.children("VN-01").get(0);

        view.changed(Set.of("VN", "VN-01", districtOfHanoi, districtOfQuangNinh));

        assertThat(view.takePending()).containsExactlyInAnyOrder("VN", districtOfQuangNinh);
    }

    @Test
    void subscribingDropsPendingChangesForTheNextSnapshot() {
        view.snapshotTaken();
        view.changed(Set.of("VN-01"));
        assertThat(view.hasPending()).isTrue();

        view.subscribe("VN-01");
        view.changed(Set.of("VN-01"));

        assertThat(view.snapshotDue()).isTrue();
        assertThat(view.hasPending()).isFalse();
    }

    private Set<String> viewIds() {
        Set<String> ids = new HashSet<>(Fixtures.REGISTRY.children("VN"));
        ids.add("VN");
        return ids;
    }

    @Test
    void knowsWhichSnapshotTheClientAlreadyShows() {
        UnitStore store = new UnitStore(Fixtures.REGISTRY);
        store.offer(Fixtures.snapshot("VN-22", 100, 50, 1));
        view.sent(store.get("VN-22"));

        assertThat(view.alreadySent(store.get("VN-22"))).isTrue();
        store.offer(Fixtures.snapshot("VN-22", 100, 60, 2));
        assertThat(view.alreadySent(store.get("VN-22"))).isFalse();

        view.sent(store.get("VN-22"));
        view.subscribe("VN-01");
        assertThat(view.alreadySent(store.get("VN-22"))).as("forgotten with the old view").isFalse();
    }
}
