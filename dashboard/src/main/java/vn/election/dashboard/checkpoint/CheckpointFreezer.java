package vn.election.dashboard.checkpoint;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import vn.election.dashboard.report.ReportBuilder;
import vn.election.dashboard.report.ReportTime;
import vn.election.dashboard.report.TurnoutReport;
import vn.election.dashboard.state.UnitStore;
import vn.election.model.checkpoint.CheckpointRecord;
import vn.election.model.checkpoint.CheckpointRecord.LevelCount;
import vn.election.model.registry.Registry;
import vn.election.model.registry.Unit;

/**
 * Decides when a checkpoint is due (the data clock past it by the grace, on the clock's own day) and computes every
 * unit's figures at it with {@link ReportBuilder}: the units above the polling areas only, since polling areas'
 * curves are not kept (a past time of an area has no figures to freeze). At most once per checkpoint per instance,
 * and not at all when every unit's frozen record has already been read (another instance, or before a restart).
 */
public final class CheckpointFreezer {

    /** Where the frozen records go; blocks until the broker has all of them, throws when it has not. */
    @FunctionalInterface
    public interface Sink {
        void publish(List<CheckpointRecord> records);
    }

    private final UnitStore units;
    private final ReportBuilder reports;
    private final CheckpointConfig config;
    private final CheckpointStore frozen;
    private final ZoneId zone;
    private final Clock wallClock;
    private final List<String> aboveAreas = new ArrayList<>();
    private final Set<LocalDateTime> done = new HashSet<>();

    public CheckpointFreezer(UnitStore units, ReportBuilder reports, CheckpointConfig config, CheckpointStore frozen,
                             ZoneId zone, Clock wallClock) {
        this.units = units;
        this.reports = reports;
        this.config = config;
        this.frozen = frozen;
        this.zone = zone;
        this.wallClock = wallClock;
        Registry registry = units.registry();
        for (Unit u : registry.units()) {
            if (u.depth() < registry.leafDepth()) {
                aboveAreas.add(u.id());
            }
        }
        aboveAreas.sort(null);
    }

    /** Checkpoints of the data clock's day it has passed by the grace and this instance has not frozen yet. */
    public synchronized List<LocalDateTime> due(Long clockMillis) {
        List<LocalDateTime> out = new ArrayList<>();
        if (clockMillis == null) {
            return out;
        }
        Instant clock = Instant.ofEpochMilli(clockMillis);
        LocalDate day = clock.atZone(zone).toLocalDate();
        for (LocalTime t : config.times()) {
            LocalDateTime checkpoint = day.atTime(t);
            Instant dueAt = checkpoint.atZone(zone).toInstant().plus(config.grace());
            if (!clock.isBefore(dueAt) && !done.contains(checkpoint)) {
                out.add(checkpoint);
            }
        }
        return out;
    }

    /** Freezes every due checkpoint into {@code sink}; returns how many records were published. */
    public int runOnce(Sink sink) {
        int published = 0;
        for (LocalDateTime checkpoint : due(units.clockMillis())) {
            if (frozen.frozenUnits(checkpoint) < aboveAreas.size()) {
                List<CheckpointRecord> records = freeze(checkpoint);
                sink.publish(records);   // throws when the broker did not take them: tried again next round
                published += records.size();
            }
            synchronized (this) {
                done.add(checkpoint);
            }
        }
        return published;
    }

    /** Every unit above the polling areas at {@code checkpoint}, as the report at that time gives it now. */
    public List<CheckpointRecord> freeze(LocalDateTime checkpoint) {
        OffsetDateTime at = checkpoint.atZone(zone).toOffsetDateTime();
        ReportTime time = new ReportTime(null, checkpoint.atZone(zone));
        Long clockMillis = units.clockMillis();
        OffsetDateTime dataClock = clockMillis == null ? null
                : Instant.ofEpochMilli(clockMillis).atZone(zone).toOffsetDateTime();
        Instant now = wallClock.instant();
        List<CheckpointRecord> out = new ArrayList<>(aboveAreas.size());
        for (String unitId : aboveAreas) {
            out.add(record(unitId, checkpoint, at, now, dataClock, reports.at(unitId, time)));
        }
        return out;
    }

    /** Units a complete checkpoint has: every unit above the polling areas. */
    public int unitsPerCheckpoint() {
        return aboveAreas.size();
    }

    private static CheckpointRecord record(String unitId, LocalDateTime checkpoint, OffsetDateTime at, Instant now,
                                           OffsetDateTime dataClock, TurnoutReport r) {
        CheckpointFigures f = CheckpointFigures.of(r);
        List<LevelCount> levels = f.levels();
        return new CheckpointRecord(unitId, checkpoint, at, now, dataClock, f.registered(), f.voted(), f.areasReporting(),
                f.areasTotal(), levels, f.source(), f.time());
    }
}
