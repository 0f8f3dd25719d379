package vn.election.dashboard.state;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import vn.election.model.alert.Alert;
import vn.election.model.alert.AlertAck;
import vn.election.model.alert.AlertCodec;
import vn.election.model.registry.Registry;
import vn.election.model.registry.Unit;

/**
 * The latest notification of every alert episode with the history of its acknowledgements, fed by the alerts and
 * acknowledgements topics and read by REST and the push loop; keeps the ids changed since the last
 * {@link #drainChanged()} for the push loop; each alert shown carries the silence muting it ({@link SilenceBook}).
 */
public final class AlertBoard {

    /** Most active alerts in a full websocket frame; more are answered by REST. */
    static final int FULL_FRAME_ACTIVE = 1000;
    /** Most resolved alerts in a full websocket frame. */
    static final int FULL_FRAME_RESOLVED = 100;

    /**
     * Most acknowledgements kept in memory per episode (the oldest go first); the topic keeps them all. A
     * hundred people acknowledging one alert is far beyond any operations room.
     */
    static final int MAX_ACKS_PER_ALERT = 100;

    /** One episode as last heard of: its notification, its acknowledgements oldest first, and when it last changed. */
    private record Entry(Alert alert, List<Acknowledgement> acks, Instant latestAt, long seq) {
    }

    private static final Comparator<Entry> NEWEST_FIRST =
            Comparator.comparing(Entry::latestAt).thenComparingLong(Entry::seq).reversed();

    private final Registry registry;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    // Every episode's acknowledgements, oldest first; also those read before their alert (two topics).
    private final ConcurrentHashMap<String, List<Acknowledgement>> acks = new ConcurrentHashMap<>();
    private final Set<String> changed = ConcurrentHashMap.newKeySet();
    private final AtomicLong seq = new AtomicLong();
    private final SilenceBook silences;

    AlertBoard(Registry registry) {
        this(registry, new SilenceBook(registry));
    }

    /** A board whose alerts carry the {@code silence} of the book that mutes them, pushed again when one starts or ends. */
    AlertBoard(Registry registry, SilenceBook silences) {
        this.registry = registry;
        this.silences = silences;
        silences.onChange(s -> touch(a -> s.matches(a, registry)));
    }

    /** Marks the episodes that pass the filter as changed, so the push loop sends them again (a silence started or ended). */
    public void touch(Predicate<Alert> filter) {
        entries.forEach((id, e) -> {
            if (filter.test(e.alert())) {
                changed.add(id);
            }
        });
    }

    /**
     * Keeps the notification as the episode's latest: the topic is keyed by alert_id, so one episode's
     * notifications arrive in order; a resolved episode is never reopened by a repeated firing record.
     */
    public String offer(Alert alert) {
        boolean[] applied = {false};
        entries.compute(alert.alertId(), (id, old) -> {
            if (old != null && old.alert().state() == Alert.State.RESOLVED && alert.state() != Alert.State.RESOLVED) {
                return old;
            }
            if (old != null && old.alert().equals(alert)) {
                return old;
            }
            applied[0] = true;
            return new Entry(alert, acks.getOrDefault(id, List.of()), latestAt(alert), seq.incrementAndGet());
        });
        if (!applied[0]) {
            return "stale";
        }
        changed.add(alert.alertId());
        return registry.find(alert.unitId()).isPresent() ? "applied" : "applied_unknown_unit";
    }

    /** A record of the model's shape, from before histories. */
    public String acknowledge(AlertAck ack) {
        return acknowledge(Acknowledgement.legacy(ack));
    }

    /**
     * Adds an acknowledgement to its episode's history, in time order (equal times in arrival order, which
     * is the topic's: every acknowledgement of an episode goes to one partition); the same one again (shown
     * at once, then read back from Kafka) is "stale".
     */
    public String acknowledge(Acknowledgement ack) {
        boolean[] added = {false};
        List<Acknowledgement> history = acks.compute(ack.alertId(), (id, old) -> {
            List<Acknowledgement> list = old == null ? List.of() : old;
            if (list.stream().anyMatch(ack::sameAs)) {
                return list;
            }
            added[0] = true;
            List<Acknowledgement> next = new ArrayList<>(list);
            int at = next.size();
            while (at > 0 && instant(next.get(at - 1).at()).isAfter(instant(ack.at()))) {
                at--;
            }
            next.add(at, ack);
            return List.copyOf(next.size() > MAX_ACKS_PER_ALERT ? next.subList(next.size() - MAX_ACKS_PER_ALERT, next.size()) : next);
        });
        if (!added[0]) {
            return "stale";
        }
        Entry e = entries.computeIfPresent(ack.alertId(), (id, old) -> new Entry(old.alert(), history, old.latestAt(), old.seq()));
        if (e != null) {
            changed.add(ack.alertId());
        }
        return "applied";
    }

    /** The acknowledgements of an episode, oldest first (also of one whose alert has not arrived). */
    public List<Acknowledgement> acknowledgements(String alertId) {
        return acks.getOrDefault(alertId, List.of());
    }

    public Optional<Alert> find(String alertId) {
        Entry e = alertId == null ? null : entries.get(alertId);
        return e == null ? Optional.empty() : Optional.of(e.alert());
    }

    /** The episodes that pass the filter, newest notification first, at most {@code limit}. */
    public List<ObjectNode> list(Predicate<Alert> filter, int limit) {
        return entries.values().stream().filter(e -> filter.test(e.alert())).sorted(NEWEST_FIRST).limit(limit)
                .map(this::toJson).toList();
    }

    /** What a client gets on connect: the active episodes and the latest resolved ones, newest first. */
    public List<ObjectNode> fullFrame() {
        return fullFrame(a -> true);
    }

    /** The full frame of the episodes a client may see. */
    public List<ObjectNode> fullFrame(Predicate<Alert> visible) {
        List<ObjectNode> out = new ArrayList<>(list(visible.and(AlertBoard::active), FULL_FRAME_ACTIVE));
        out.addAll(list(visible.and(a -> a.state() == Alert.State.RESOLVED), FULL_FRAME_RESOLVED));
        return out;
    }

    /** The JSON of the given episodes, for an update frame. */
    public List<ObjectNode> json(Set<String> alertIds) {
        return json(alertIds, a -> true);
    }

    /** The JSON of those of the given episodes that a client may see. */
    public List<ObjectNode> json(Set<String> alertIds, Predicate<Alert> visible) {
        List<Entry> found = new ArrayList<>();
        for (String id : alertIds) {
            Entry e = entries.get(id);
            if (e != null && visible.test(e.alert())) {
                found.add(e);
            }
        }
        found.sort(NEWEST_FIRST);
        return found.stream().map(this::toJson).toList();
    }

    /** Alert episodes held. */
    public int size() {
        return entries.size();
    }

    public long count(Predicate<Alert> filter) {
        return entries.values().stream().filter(e -> filter.test(e.alert())).count();
    }

    /** The ids changed since the previous call, removed from the change set as they are taken. */
    public Set<String> drainChanged() {
        Set<String> out = new HashSet<>();
        for (Iterator<String> it = changed.iterator(); it.hasNext(); ) {
            out.add(it.next());
            it.remove();
        }
        return out;
    }

    /** Pending, firing or recovering (cleared, but not resolved yet): what the room still has to watch. */
    public static boolean active(Alert a) {
        return a.state() == Alert.State.PENDING || a.state() == Alert.State.FIRING || a.state() == Alert.State.RECOVERING;
    }

    /** docs/contract.md's alert plus {@code unit_name}, {@code path} (names from the root) and {@code ack}. */
    private ObjectNode toJson(Entry e) {
        ObjectNode o = AlertCodec.toNode(e.alert());
        Optional<Unit> unit = registry.find(e.alert().unitId());
        if (unit.isPresent()) {
            o.put("unit_name", unit.get().name());
            o.put("path", String.join(" › ", registry.path(unit.get().id()).stream().map(Unit::name).toList()));
        } else {
            o.putNull("unit_name");
            o.putNull("path");
        }
        // "ack" is the latest (as before histories), "acks" all of them oldest first.
        if (e.acks().isEmpty()) {
            o.putNull("ack");
        } else {
            o.set("ack", AcknowledgementCodec.toShown(e.acks().get(e.acks().size() - 1)));
        }
        com.fasterxml.jackson.databind.node.ArrayNode all = o.putArray("acks");
        e.acks().forEach(a -> all.add(AcknowledgementCodec.toShown(a)));
        // The silence muting it now (docs/contract.md's dashboard extensions), or null.
        o.set("silence", silences.mark(e.alert(), Instant.now()));
        return o;
    }

    private static Instant instant(String at) {
        try {
            return Instant.parse(at);
        } catch (DateTimeParseException e) {
            return Instant.EPOCH; // the codec refuses such a time; never here
        }
    }

    private Instant latestAt(Alert a) {
        String at = a.state() == Alert.State.RESOLVED && a.endedAt() != null ? a.endedAt() : a.startedAt();
        if (at != null) {
            try {
                return OffsetDateTime.parse(at).toInstant();
            } catch (DateTimeParseException e) {
                // Not a time we can order by: the arrival order below decides.
            }
        }
        return Instant.EPOCH;
    }
}
