package vn.election.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import vn.election.model.alert.Alert;
import vn.election.model.registry.Registry;
import vn.election.model.registry.Unit;

/**
 * Alertmanager-style grouping, as plain state driven by the caller's clock: alert records in (with the
 * Kafka record each came from), group notifications out when they are due, and, once a notification was
 * delivered, the records it covered. Not thread-safe: one delivery thread owns it.
 *
 * <p>A firing group keeps its alerts while they fire (for reminders); a recovering or a resolved group keeps
 * its alerts only until they are delivered. A new group waits {@code groupWait} after its first member; a group
 * that was already notified sends new members at the later of its last notification plus
 * {@code groupInterval} and the first new member plus {@code groupWait}; an unchanged firing group is
 * sent again after {@code repeatInterval}.
 */
final class AlertGrouper {

    /** What to do with an offered record. */
    enum Mode {
        /** A record to deliver. */
        DELIVER,
        /** A record read again after a restart, below the committed offset: already delivered, state only. */
        RESTORE,
        /** A record deliberately not delivered (silenced): state only. */
        DROP
    }

    /** One alert in a group and the records that wait for its delivery. */
    private static final class Member {
        Alert alert;
        boolean notified;
        final long arrivedAt;
        long oldestRecordMillis = -1;
        final List<RecordRef> refs = new ArrayList<>();

        Member(Alert alert, boolean notified, long arrivedAt) {
            this.alert = alert;
            this.notified = notified;
            this.arrivedAt = arrivedAt;
        }
    }

    /** One group's members and timers. */
    private static final class Group {
        final Map<String, Member> members = new LinkedHashMap<>();
        long lastSentAt = -1;
        long remindFrom = -1;
        int repeats;
        GroupNotification inFlight;
    }

    private final Registry registry;
    private final int groupDepth;
    private final long waitMs;
    private final long intervalMs;
    private final long repeatMs;
    private final Map<GroupKey, Group> groups = new HashMap<>();
    /** Episodes whose firing was not delivered (pending, or silenced): their resolution is not delivered either. */
    private final Set<String> quiet = new HashSet<>();
    /** Recovering episodes whose firing was told: a silenced return to firing leaves their resolution to be told. */
    private final Set<String> recovering = new HashSet<>();

    AlertGrouper(Registry registry, int groupDepth, Duration groupWait, Duration groupInterval, Duration repeatInterval) {
        this.registry = registry;
        this.groupDepth = groupDepth;
        this.waitMs = groupWait.toMillis();
        this.intervalMs = groupInterval.toMillis();
        this.repeatMs = repeatInterval.toMillis();
    }

    /** The key an alert is grouped under. */
    GroupKey keyOf(Alert a) {
        return keyOf(a, a.state());
    }

    private GroupKey keyOf(Alert a, Alert.State state) {
        return new GroupKey(a.kind(), state, groupUnit(a.unitId()));
    }

    /** The unit's ancestor at the grouping depth, or the unit itself if it is at or above it (or unknown). */
    String groupUnit(String unitId) {
        Unit u = registry.find(unitId).orElse(null);
        if (u == null || u.depth() <= groupDepth) {
            return unitId;
        }
        while (u.depth() > groupDepth) {
            u = registry.unit(u.parentId());
        }
        return u.id();
    }

    /**
     * Takes one record; returns the records that need no (more) delivery and may be released now: the
     * record itself when it is state only, plus any it made unnecessary.
     */
    List<RecordRef> offer(Alert a, RecordRef ref, long recordMillis, Mode mode, long now) {
        List<RecordRef> release = new ArrayList<>();
        switch (a.state()) {
            case PENDING -> {
                quiet.add(a.alertId());
                release.add(ref);
            }
            case FIRING -> offerFiring(a, ref, recordMillis, mode, now, release);
            case RECOVERING -> offerRecovering(a, ref, recordMillis, mode, now, release);
            case RESOLVED -> offerResolved(a, ref, recordMillis, mode, now, release);
        }
        return release;
    }

    private void offerFiring(Alert a, RecordRef ref, long recordMillis, Mode mode, long now, List<RecordRef> release) {
        GroupKey key = keyOf(a, Alert.State.FIRING);
        Group g = groups.get(key);
        Member m = g == null ? null : g.members.get(a.alertId());
        boolean wasRecovering = recovering.remove(a.alertId());
        if (m == null && mode != Mode.RESTORE && backBeforeRecoveringWasSent(a, ref, key, now, release)) {
            return;
        }
        if (mode == Mode.DROP) {
            if (m == null && !wasRecovering) {
                quiet.add(a.alertId());
            }
            release.add(ref);
            return;
        }
        quiet.remove(a.alertId());
        if (m != null) {
            m.alert = a;   // newer figures for the next notification; not a new member
            if (m.notified || mode == Mode.RESTORE) {
                release.add(ref);
            } else {
                m.refs.add(ref);
            }
            return;
        }
        g = groups.computeIfAbsent(key, k -> new Group());
        if (mode == Mode.RESTORE) {
            g.members.put(a.alertId(), new Member(a, true, now));
            if (g.lastSentAt < 0 && g.remindFrom < 0) {
                g.remindFrom = now;
            }
            release.add(ref);
            return;
        }
        m = new Member(a, false, now);
        m.refs.add(ref);
        m.oldestRecordMillis = recordMillis;
        g.members.put(a.alertId(), m);
    }

    /**
     * A recovering alert that fires again (delivered or silenced) before its recovering notification went out: the
     * receivers last heard it fire, so it rejoins its firing group as told, and the unsent recovering notification is
     * dropped (sent after the return, it would say the opposite of the truth). Its records are released, or, while
     * a firing notification carrying it is on its way, wait for that one.
     */
    private boolean backBeforeRecoveringWasSent(Alert a, RecordRef ref, GroupKey firingKey, long now,
                                                List<RecordRef> release) {
        Member unsent = takeUnsent(a, Alert.State.RECOVERING);
        if (unsent == null) {
            return false;
        }
        Group g = groups.computeIfAbsent(firingKey, k -> new Group());
        Member m = new Member(a, true, now);
        boolean inFlight = g.inFlight != null && g.inFlight.alertIds().contains(a.alertId());
        (inFlight ? m.refs : release).addAll(unsent.refs);
        release.add(ref);
        g.members.put(a.alertId(), m);
        if (g.lastSentAt < 0 && g.remindFrom < 0) {
            g.remindFrom = now;
        }
        return true;
    }

    /** Removes and returns the alert's member of its {@code state} group if it was not sent and is not on its way. */
    private Member takeUnsent(Alert a, Alert.State state) {
        GroupKey key = keyOf(a, state);
        Group g = groups.get(key);
        Member m = g == null ? null : g.members.get(a.alertId());
        if (m == null || m.notified || (g.inFlight != null && g.inFlight.alertIds().contains(a.alertId()))) {
            return null;
        }
        g.members.remove(a.alertId());
        if (g.members.isEmpty() && g.lastSentAt < 0) {
            groups.remove(key);
        }
        return m;
    }

    /**
     * A firing alert whose condition cleared: it leaves its firing group (no reminders while it recovers) and,
     * if its firing was told, goes in a recovering group that holds it until delivered. If nobody was told it
     * fired (pending, silenced, or cleared within the group wait) it stays untold, and so will its resolution.
     */
    private void offerRecovering(Alert a, RecordRef ref, long recordMillis, Mode mode, long now, List<RecordRef> release) {
        GroupKey firingKey = keyOf(a, Alert.State.FIRING);
        Group fg = groups.get(firingKey);
        Member fm = fg == null ? null : fg.members.remove(a.alertId());
        List<RecordRef> freed = fm == null ? List.of() : fm.refs;
        if (fg != null && fg.members.isEmpty() && fg.inFlight == null) {
            groups.remove(firingKey);
        }
        boolean inFlight = fg != null && fg.inFlight != null && fg.inFlight.alertIds().contains(a.alertId());
        boolean told = fm != null ? fm.notified || inFlight : !quiet.contains(a.alertId());
        if (mode == Mode.RESTORE || !told || mode == Mode.DROP) {
            if (told) {
                recovering.add(a.alertId());
            } else {
                quiet.add(a.alertId());
            }
            release.add(ref);
            release.addAll(freed);
            return;
        }
        recovering.add(a.alertId());
        Group rg = groups.computeIfAbsent(keyOf(a, Alert.State.RECOVERING), k -> new Group());
        Member rm = rg.members.get(a.alertId());
        if (rm == null) {
            rm = new Member(a, false, now);
            rm.oldestRecordMillis = fm != null && fm.oldestRecordMillis >= 0 ? fm.oldestRecordMillis : recordMillis;
            rg.members.put(a.alertId(), rm);
        }
        rm.alert = a;
        rm.refs.add(ref);
        rm.refs.addAll(freed);
    }

    private void offerResolved(Alert a, RecordRef ref, long recordMillis, Mode mode, long now, List<RecordRef> release) {
        boolean wasQuiet = quiet.remove(a.alertId());
        recovering.remove(a.alertId());
        // Resolved before its recovering notification went out: the resolution says it all, in its place.
        Member unsentRecovering = takeUnsent(a, Alert.State.RECOVERING);
        GroupKey firingKey = keyOf(a, Alert.State.FIRING);
        Group fg = groups.get(firingKey);
        Member fm = fg == null ? null : fg.members.remove(a.alertId());
        List<RecordRef> freed = new ArrayList<>(fm == null ? List.of() : fm.refs);
        if (unsentRecovering != null) {
            freed.addAll(unsentRecovering.refs);
        }
        if (fg != null && fg.members.isEmpty() && fg.inFlight == null) {
            groups.remove(firingKey);
        }
        // Resolved before anyone was told it fired (within the group wait): like Alertmanager, say nothing.
        // A firing notification already on its way will be told, so its resolution must follow.
        boolean inFlight = fg != null && fg.inFlight != null && fg.inFlight.alertIds().contains(a.alertId());
        boolean neverTold = fm != null && !fm.notified && !inFlight;
        if (mode != Mode.DELIVER || wasQuiet || neverTold) {
            release.add(ref);
            release.addAll(freed);
            return;
        }
        Group rg = groups.computeIfAbsent(keyOf(a, Alert.State.RESOLVED), k -> new Group());
        Member rm = rg.members.get(a.alertId());
        if (rm == null) {
            rm = new Member(a, false, now);
            rm.oldestRecordMillis = fm != null && fm.oldestRecordMillis >= 0 ? fm.oldestRecordMillis
                    : unsentRecovering != null && unsentRecovering.oldestRecordMillis >= 0
                            ? unsentRecovering.oldestRecordMillis : recordMillis;
            rg.members.put(a.alertId(), rm);
        }
        rm.alert = a;
        rm.refs.add(ref);
        rm.refs.addAll(freed);
    }

    /** The notifications due at {@code now}; each group so returned is in flight until {@link #delivered}. */
    List<GroupNotification> due(long now) {
        List<GroupNotification> out = new ArrayList<>();
        for (Iterator<Map.Entry<GroupKey, Group>> it = groups.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<GroupKey, Group> e = it.next();
            GroupKey key = e.getKey();
            Group g = e.getValue();
            if (g.inFlight != null) {
                continue;
            }
            if (g.members.isEmpty()) {
                if (key.state() == Alert.State.FIRING || now - g.lastSentAt >= intervalMs) {
                    it.remove();
                }
                continue;
            }
            long firstNew = Long.MAX_VALUE;
            long oldest = Long.MAX_VALUE;
            for (Member m : g.members.values()) {
                if (!m.notified) {
                    firstNew = Math.min(firstNew, m.arrivedAt);
                    if (m.oldestRecordMillis >= 0) {
                        oldest = Math.min(oldest, m.oldestRecordMillis);
                    }
                }
            }
            if (firstNew != Long.MAX_VALUE) {
                long dueAt = g.lastSentAt < 0 ? firstNew + waitMs : Math.max(g.lastSentAt + intervalMs, firstNew + waitMs);
                if (now >= dueAt) {
                    g.inFlight = notification(key, g, 0, oldest == Long.MAX_VALUE ? -1 : oldest);
                    out.add(g.inFlight);
                }
            } else if (key.state() == Alert.State.FIRING) {
                long base = g.lastSentAt >= 0 ? g.lastSentAt : g.remindFrom;
                if (base >= 0 && now >= base + repeatMs) {
                    g.inFlight = notification(key, g, g.repeats + 1, -1);
                    out.add(g.inFlight);
                }
            }
        }
        return out;
    }

    private GroupNotification notification(GroupKey key, Group g, int repeat, long oldest) {
        return GroupNotification.of(key, g.members.values().stream().map(m -> m.alert).toList(), repeat, registry, oldest);
    }

    /** Marks a notification delivered at {@code now}; returns the records that waited for it. */
    List<RecordRef> delivered(GroupNotification n, long now) {
        Group g = groups.get(n.key());
        if (g == null || g.inFlight != n) {
            return List.of();
        }
        g.inFlight = null;
        g.lastSentAt = now;
        g.repeats = n.repeat();
        List<RecordRef> release = new ArrayList<>();
        for (String id : n.alertIds()) {
            Member m = g.members.get(id);
            if (m == null) {
                continue;
            }
            release.addAll(m.refs);
            m.refs.clear();
            if (n.key().state() == Alert.State.FIRING) {
                m.notified = true;
                m.oldestRecordMillis = -1;
            } else {
                g.members.remove(id);
            }
        }
        if (g.members.isEmpty() && n.key().state() == Alert.State.FIRING) {
            groups.remove(n.key());
        }
        return release;
    }

    /** Forgets everything (the partitions were taken away; the new owner starts from the committed offsets). */
    void clear() {
        groups.clear();
        quiet.clear();
        recovering.clear();
    }

    /** Groups known, for tests and metrics. */
    int groups() {
        return groups.size();
    }
}
