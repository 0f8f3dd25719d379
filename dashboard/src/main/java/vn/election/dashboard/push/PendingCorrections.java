package vn.election.dashboard.push;

import java.util.ArrayList;
import java.util.List;
import vn.election.dashboard.state.CorrectionStore;
import vn.election.model.registry.Registry;

/**
 * The corrections one websocket client has not been sent yet: those of its unit in view and everything below it,
 * at most {@link #MAX_PENDING}; more (a client that does not read, a flood) turn into one reload frame, so a slow
 * client's memory on the server stays bounded.
 */
final class PendingCorrections {

    /** As many as the corrections API gives in one page: a page that missed more reloads its list from there. */
    static final int MAX_PENDING = 500;

    private final Registry registry;
    private final List<CorrectionStore.Entry> pending = new ArrayList<>();
    private boolean reloadDue;

    PendingCorrections(Registry registry) {
        this.registry = registry;
    }

    /** Notes the new corrections that belong to {@code viewUnit}'s view (an area at or below it); the rest are ignored. */
    void offer(CorrectionStore.Fresh fresh, String viewUnit) {
        if (reloadDue || fresh.isEmpty()) {
            return;
        }
        if (fresh.overflowed()) {
            tooMany();
            return;
        }
        for (CorrectionStore.Entry e : fresh.entries()) {
            if (registry.isWithin(e.correction().stationId(), viewUnit)) {
                pending.add(e);
                if (pending.size() > MAX_PENDING) {
                    tooMany();
                    return;
                }
            }
        }
    }

    private void tooMany() {
        pending.clear();
        reloadDue = true;
    }

    /** A new view: its list comes from the REST endpoint, nothing pending carries over. */
    void clear() {
        pending.clear();
        reloadDue = false;
    }

    boolean isEmpty() {
        return pending.isEmpty() && !reloadDue;
    }

    int size() {
        return pending.size();
    }

    boolean reloadDue() {
        return reloadDue;
    }

    /** The pending corrections, oldest first, cleared as they are taken (and the reload flag with them). */
    List<CorrectionStore.Entry> take() {
        List<CorrectionStore.Entry> out = List.copyOf(pending);
        pending.clear();
        reloadDue = false;
        return out;
    }
}
