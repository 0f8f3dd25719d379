package vn.election.dashboard.checkpoint;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import vn.election.model.checkpoint.CheckpointRecord;
import vn.election.model.registry.Registry;

/**
 * The frozen checkpoints of the latest election day read from {@code turnout.checkpoints}: the FIRST record per key
 * (offset order within the key's partition, the order the feed hands them over) is kept and every later one ignored, so
 * every instance shows the same frozen figures. Bounded to the registry's units × the configured checkpoints of one day.
 */
public final class CheckpointStore {

    /** What {@link #offer} did with a record; the feed counts them by name. */
    public enum Outcome { FROZEN, REPEAT, UNKNOWN_UNIT, NOT_CONFIGURED, OLD_DAY }

    private final Registry registry;
    private final CheckpointConfig config;
    /** Per unit, one slot per configured checkpoint of {@link #day}. */
    private final Map<String, CheckpointRecord[]> byUnit = new HashMap<>();
    private int[] frozenPerCheckpoint;
    private LocalDate day;

    public CheckpointStore(Registry registry, CheckpointConfig config) {
        this.registry = registry;
        this.config = config;
        this.frozenPerCheckpoint = new int[config.times().size()];
    }

    /** Keeps the record when it is the first of its key; called on the feed thread. */
    public synchronized Outcome offer(CheckpointRecord r) {
        if (registry.find(r.unitId()).isEmpty()) {
            return Outcome.UNKNOWN_UNIT;
        }
        int slot = config.indexOf(r.checkpoint().toLocalTime());
        if (slot < 0) {
            // Frozen under another configuration: its times are not this instance's table's.
            return Outcome.NOT_CONFIGURED;
        }
        LocalDate recordDay = r.checkpoint().toLocalDate();
        if (day != null && recordDay.isBefore(day)) {
            return Outcome.OLD_DAY;
        }
        if (day == null || recordDay.isAfter(day)) {
            // A later election day (the topic keeps 30 days): only the latest is answered, so memory stays one day's.
            byUnit.clear();
            frozenPerCheckpoint = new int[config.times().size()];
            day = recordDay;
        }
        CheckpointRecord[] slots = byUnit.computeIfAbsent(r.unitId(), u -> new CheckpointRecord[config.times().size()]);
        if (slots[slot] != null) {
            return Outcome.REPEAT;
        }
        slots[slot] = r;
        frozenPerCheckpoint[slot]++;
        return Outcome.FROZEN;
    }

    /** The frozen record of a unit at a checkpoint, if one has arrived. */
    public synchronized Optional<CheckpointRecord> get(String unitId, LocalDateTime checkpoint) {
        if (day == null || !day.equals(checkpoint.toLocalDate())) {
            return Optional.empty();
        }
        int slot = config.indexOf(checkpoint.toLocalTime());
        CheckpointRecord[] slots = byUnit.get(unitId);
        return slot < 0 || slots == null ? Optional.empty() : Optional.ofNullable(slots[slot]);
    }

    /** Units frozen at a checkpoint so far. */
    public synchronized int frozenUnits(LocalDateTime checkpoint) {
        int slot = config.indexOf(checkpoint.toLocalTime());
        return day == null || slot < 0 || !day.equals(checkpoint.toLocalDate()) ? 0 : frozenPerCheckpoint[slot];
    }

    /** The election day of the records kept, or empty before any arrived. */
    public synchronized Optional<LocalDate> day() {
        return Optional.ofNullable(day);
    }
}
