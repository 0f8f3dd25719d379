package vn.election.dashboard.push;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import vn.election.model.registry.Registry;
import vn.election.model.unit.UnitSnapshot;

/**
 * What one websocket client looks at (the subscribed unit, its children and the top of its scope), which of those
 * units changed since its last frame, and which snapshot of each it was last sent; both are bounded by
 * the view.
 */
final class ClientView {

    private final Registry registry;
    /** The top of what the client may see: the registry's root, or the unit of a provincial login. */
    private final String rootId;
    private String unitId;
    private Set<String> inView = Set.of();
    private final Set<String> pending = new LinkedHashSet<>();
    private final Map<String, UnitSnapshot> lastSent = new HashMap<>();
    private boolean snapshotDue;

    ClientView(Registry registry) {
        this(registry, registry.root());
    }

    /** A view whose top (and first subscription) is {@code rootId}. */
    ClientView(Registry registry, String rootId) {
        this.registry = registry;
        this.rootId = rootId;
        subscribe(rootId);
    }

    String rootId() {
        return rootId;
    }

    /** Looks at another unit (known to the registry): the next frame is a snapshot of it. */
    void subscribe(String id) {
        Set<String> ids = new HashSet<>();
        ids.add(rootId);
        ids.add(id);
        ids.addAll(registry.children(id));
        unitId = id;
        inView = ids;
        pending.clear();
        lastSent.clear();
        snapshotDue = true;
    }

    String unitId() {
        return unitId;
    }

    boolean inView(String id) {
        return inView.contains(id);
    }

    int size() {
        return inView.size();
    }

    /** Notes the units that changed; ones out of view are ignored. */
    void changed(Set<String> changed) {
        if (snapshotDue || changed.isEmpty()) {
            return; // the snapshot will carry the current figures anyway
        }
        // Walk the smaller set: a national morning changes thousands of units, a view holds a few dozen.
        if (changed.size() < inView.size()) {
            for (String id : changed) {
                if (inView.contains(id)) {
                    pending.add(id);
                }
            }
        } else {
            for (String id : inView) {
                if (changed.contains(id)) {
                    pending.add(id);
                }
            }
        }
    }

    boolean snapshotDue() {
        return snapshotDue;
    }

    void snapshotTaken() {
        snapshotDue = false;
        pending.clear();
    }

    boolean hasPending() {
        return !pending.isEmpty();
    }

    int pendingCount() {
        return pending.size();
    }

    /** Remembers what the client now shows for this unit. */
    void sent(UnitSnapshot s) {
        if (inView.contains(s.unitId())) {
            lastSent.put(s.unitId(), s);
        }
    }

    /**
     * True when the client already shows exactly this snapshot (the store replaces the object on every
     * change), so a change noted before the client's snapshot is not sent twice.
     */
    boolean alreadySent(UnitSnapshot s) {
        return lastSent.get(s.unitId()) == s;
    }

    /** The changed ids in view, cleared as they are taken. */
    List<String> takePending() {
        List<String> out = new ArrayList<>(pending);
        pending.clear();
        return out;
    }
}
