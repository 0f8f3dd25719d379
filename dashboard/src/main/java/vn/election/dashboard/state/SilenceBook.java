package vn.election.dashboard.state;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import vn.election.model.alert.Alert;
import vn.election.model.alert.AlertSilence;
import vn.election.model.registry.Registry;

/**
 * Every silence of {@code turnout.alert-silences} this instance knows, fed by the topic and by its own API (shown at
 * once); answers which silence mutes an alert now, and tells a listener whenever a silence comes into or goes out of
 * force, so the alerts it matches are pushed again.
 */
public final class SilenceBook {

    /** Most silences not ended yet (in force or scheduled) on the whole system: a bound on memory and on marking cost. */
    public static final int MAX_UNENDED = 1000;
    /** Most not ended yet set by one name: one operator (or one script) cannot take the whole budget. */
    public static final int MAX_UNENDED_PER_CREATOR = 100;
    /** Ended silences listed (and kept in memory) at most this long after their end. */
    static final Duration RECENT = Duration.ofHours(24);
    /** At most this many ended silences kept in memory, the latest ended; the topic keeps them all. */
    static final int MAX_ENDED_KEPT = 200;

    private static final Comparator<AlertSilence> BY_END = Comparator.comparing(AlertSilence::endedAt)
            .thenComparing(AlertSilence::id);

    private final Registry registry;
    private final ConcurrentHashMap<String, AlertSilence> silences = new ConcurrentHashMap<>();
    // The silences in force at the last refresh, read by every marking; replaced whole, never changed in place.
    private volatile List<AlertSilence> inForce = List.of();
    private volatile Consumer<AlertSilence> listener = s -> { };

    public SilenceBook(Registry registry) {
        this.registry = registry;
    }

    /** Who hears of a silence coming into or going out of force (the alert board, to push the alerts it matches again). */
    public void onChange(Consumer<AlertSilence> listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * Keeps the record as the silence's latest: a record ended early is never replaced by one that was not (the
     * creation read back from Kafka after this instance already showed its expiry); the same record again is "stale".
     */
    public String offer(AlertSilence s) {
        boolean[] applied = {false};
        silences.compute(s.id(), (id, old) -> {
            if (old != null && (old.equals(s) || old.expiredAt() != null && s.expiredAt() == null)) {
                return old;
            }
            applied[0] = true;
            return s;
        });
        if (!applied[0]) {
            return "stale";
        }
        forgetOldEnded(Instant.now());
        refresh(Instant.now());
        return "applied";
    }

    public Optional<AlertSilence> find(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(silences.get(id));
    }

    /** The first silence (earliest end) that mutes the alert now. */
    public Optional<AlertSilence> muting(Alert alert, Instant now) {
        for (AlertSilence s : inForce) {
            if (s.mutes(alert, registry, now)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** The {@code "silence"} extension of an alert: {@code {"id","by","ends_at","comment"}} of the silence muting it, or null. */
    public ObjectNode mark(Alert alert, Instant now) {
        Optional<AlertSilence> s = muting(alert, now);
        if (s.isEmpty()) {
            return null;
        }
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("id", s.get().id());
        o.put("by", s.get().createdBy());
        o.put("ends_at", s.get().endedAt().toString());
        o.put("comment", s.get().comment());
        return o;
    }

    /** Silences not ended (in force, then scheduled, by end) and those ended within a day (latest ended first). */
    public List<AlertSilence> listed(Instant now) {
        List<AlertSilence> open = new ArrayList<>();
        List<AlertSilence> ended = new ArrayList<>();
        for (AlertSilence s : silences.values()) {
            if (!s.endedBy(now)) {
                open.add(s);
            } else if (s.endedAt().isAfter(now.minus(RECENT))) {
                ended.add(s);
            }
        }
        open.sort(Comparator.comparing((AlertSilence s) -> !s.activeAt(now)).thenComparing(BY_END));
        ended.sort(BY_END.reversed());
        open.addAll(ended);
        return open;
    }

    /** Silences not ended yet, in force or scheduled. */
    public int unended(Instant now) {
        return (int) silences.values().stream().filter(s -> !s.endedBy(now)).count();
    }

    /** Silences not ended yet that {@code createdBy} set (null: those set without a name). */
    public int unendedBy(String createdBy, Instant now) {
        return (int) silences.values().stream()
                .filter(s -> !s.endedBy(now) && Objects.equals(s.createdBy(), createdBy)).count();
    }

    /** Called every push tick: silences that started or ended since the last call push their alerts again. */
    public void tick(Instant now) {
        refresh(now);
    }

    private synchronized void refresh(Instant now) {
        List<AlertSilence> next = silences.values().stream().filter(s -> s.activeAt(now)).sorted(BY_END).toList();
        Set<String> before = new HashSet<>();
        inForce.forEach(s -> before.add(s.id()));
        Set<String> after = new HashSet<>();
        next.forEach(s -> after.add(s.id()));
        List<AlertSilence> previous = inForce;
        inForce = next;
        for (AlertSilence s : next) {
            if (!before.contains(s.id())) {
                listener.accept(s);
            }
        }
        for (AlertSilence s : previous) {
            if (!after.contains(s.id())) {
                listener.accept(s);
            }
        }
    }

    /** Drops ended silences beyond the day listed, and beyond the latest {@value #MAX_ENDED_KEPT}: memory stays bounded. */
    private void forgetOldEnded(Instant now) {
        List<AlertSilence> ended = silences.values().stream().filter(s -> s.endedBy(now)).sorted(BY_END.reversed()).toList();
        for (int i = 0; i < ended.size(); i++) {
            AlertSilence s = ended.get(i);
            if (i >= MAX_ENDED_KEPT || !s.endedAt().isAfter(now.minus(RECENT))) {
                silences.remove(s.id(), s);
            }
        }
    }
}
