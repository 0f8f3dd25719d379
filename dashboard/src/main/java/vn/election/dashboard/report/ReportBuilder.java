package vn.election.dashboard.report;

import vn.election.dashboard.state.CurvePoint;
import vn.election.dashboard.state.PreviousTerm;
import vn.election.dashboard.state.CompletionTimes;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import vn.election.dashboard.state.Baseline;
import vn.election.dashboard.state.DayCurve;
import vn.election.dashboard.state.UnitStore;
import vn.election.dashboard.report.TurnoutReport.AsOf;
import vn.election.dashboard.report.TurnoutReport.LevelRow;
import vn.election.dashboard.report.TurnoutReport.PreviousTurnout;
import vn.election.dashboard.report.TurnoutReport.Source;
import vn.election.model.registry.Registry;
import vn.election.model.registry.Unit;
import vn.election.model.unit.LevelCompletion;
import vn.election.model.unit.UnitSnapshot;

/**
 * Builds a unit's {@link TurnoutReport} as of now (its latest snapshot) or as of a past moment of the
 * election day (its curve point then, and the units whose completion time is at or before it).
 */
public final class ReportBuilder {

    private final UnitStore store;
    private final Registry registry;
    private final CurveLookup curves;
    private final CompletionTimes completions;
    private final PreviousTerm previousTerm;
    private final Baseline baseline;
    private final ZoneId zone;
    private final Clock clock;

    public ReportBuilder(UnitStore store, CurveLookup curves, CompletionTimes completions, PreviousTerm previousTerm,
                         Baseline baseline, ZoneId zone, Clock clock) {
        this.store = store;
        this.registry = store.registry();
        this.curves = curves;
        this.completions = completions;
        this.previousTerm = previousTerm;
        this.baseline = baseline;
        this.zone = zone;
        this.clock = clock;
    }

    /** The report from the unit's latest figures; the unit must be in the registry. */
    public TurnoutReport now(String unitId) {
        return fromSnapshot(store.get(unitId), null, null);
    }

    /**
     * The report as of {@code at}: a time of day is on the election day, the local day of the latest
     * observation anywhere (the data clock). At or after the unit's own latest observation nothing newer is
     * known below it, so its latest figures are the answer, and the note says so.
     */
    public TurnoutReport at(String unitId, ReportTime at) {
        // The data clock (DataClock) where polling areas have reported, not the root's as_of: one reading with a
        // wrong date must not move the day; the root's as_of only while no area's time is known.
        Long clockMillis = store.clockMillis();
        Optional<OffsetDateTime> dataClock = clockMillis == null ? time(store.get(registry.root()).asOf())
                : Optional.of(Instant.ofEpochMilli(clockMillis).atZone(zone).toOffsetDateTime());
        LocalDate day = dataClock.map(c -> c.atZoneSameInstant(zone).toLocalDate()).orElseGet(() -> LocalDate.now(clock.withZone(zone)));
        OffsetDateTime requested = at.on(day, zone).toOffsetDateTime();
        UnitSnapshot latest = store.get(unitId);
        Optional<OffsetDateTime> unitClock = time(latest.asOf());
        if (dataClock.isEmpty()) {
            return fromSnapshot(latest, requested, "no figures have arrived yet");
        }
        // The unit's own clock, not the root's: the root's snapshot may be a moment behind a unit's (both coalesced).
        // At or after: a curve point includes the readings made at its very end (areas report on the hour, and the
        // point at 09:00 holds the 09:00:00 reports), so the snapshot as of that instant has the figures the point at
        // that time will have once closed, and sooner: a checkpoint frozen from it is not later seen as corrected.
        if (unitClock.isPresent() && !requested.isBefore(unitClock.get())) {
            return fromSnapshot(latest, requested, "the unit's latest data is as of " + unitClock.get()
                    + ", not later than the time asked for: these are its latest figures");
        }
        return fromHistory(registry.unit(unitId), requested);
    }

    private TurnoutReport fromSnapshot(UnitSnapshot s, OffsetDateTime requested, String note) {
        Unit unit = registry.unit(s.unitId());
        List<LevelRow> rows = new ArrayList<>();
        for (int depth = registry.leafDepth(); depth > unit.depth(); depth--) {
            String level = registry.levels().get(depth);
            LevelCompletion c = s.completeByLevel().get(level);
            long total = c != null ? c.total() : registry.descendantsAt(unit.id(), depth);
            rows.add(row(unit, level, c != null ? c.complete() : 0, total));
        }
        LevelCompletion leaf = s.completeByLevel().get(Registry.LEAF_LEVEL);
        Long reporting = unit.depth() == registry.leafDepth() ? null : leaf != null && leaf.reporting() != null ? leaf.reporting() : 0L;
        Optional<OffsetDateTime> time = time(s.asOf());
        Source source = time.isPresent() ? Source.SNAPSHOT : Source.REGISTRY;
        AsOf asOf = new AsOf(requested, time.orElse(null), source, false, source, zone.getId(), note);
        // The snapshot's own total, so reporting and its total come from one record.
        long areasTotal = leaf != null ? leaf.total() : areasTotal(unit);
        return new TurnoutReport(unit, s.registered(), s.voted(), s.turnoutPct(), reporting, areasTotal, rows,
                previousTerm.label(), previousTurnout(unit, time.orElse(null)), asOf);
    }

    private TurnoutReport fromHistory(Unit unit, OffsetDateTime requested) {
        Instant t = requested.toInstant();
        long[] complete = completions.completeBelow(unit.id(), t);
        List<LevelRow> rows = new ArrayList<>();
        for (int depth = registry.leafDepth(); depth > unit.depth(); depth--) {
            rows.add(row(unit, registry.levels().get(depth), complete[depth], registry.descendantsAt(unit.id(), depth)));
        }
        PreviousTurnout previous = previousTurnout(unit, requested);
        if (unit.depth() == registry.leafDepth()) {
            AsOf asOf = new AsOf(requested, null, Source.NOT_KEPT, false, Source.COMPLETION_TIMES, zone.getId(),
                    "a polling area's curve is not kept: only whether it was complete (" + completions.completeAt(unit.id(), t) + ")");
            return new TurnoutReport(unit, null, null, null, null, 0, rows, previousTerm.label(), previous, asOf);
        }
        Optional<CurvePoint> point = curves.at(unit.id(), t);
        if (point.isEmpty()) {
            // No point at or before the time: no reading below the unit had been counted yet.
            long registered = registry.registeredTotal(unit.id());
            AsOf asOf = new AsOf(requested, null, Source.REGISTRY, false, Source.COMPLETION_TIMES, zone.getId(),
                    "no reading below this unit was counted by then");
            return new TurnoutReport(unit, registered, 0L, UnitSnapshot.turnoutPct(0, registered), 0L, areasTotal(unit), rows,
                    previousTerm.label(), previous, asOf);
        }
        CurvePoint p = point.get();
        String note = p.bucketEnd().toInstant().isBefore(t)
                ? "the curve's latest point before the time asked for ends at " + p.bucketEnd() : null;
        AsOf asOf = new AsOf(requested, p.bucketEnd(), Source.HISTORY, p.open(), Source.COMPLETION_TIMES, zone.getId(), note);
        return new TurnoutReport(unit, p.registered(), p.voted(), UnitSnapshot.turnoutPct(p.voted(), p.registered()),
                p.reporting(), areasTotal(unit), rows, previousTerm.label(), previous, asOf);
    }

    private LevelRow row(Unit unit, String level, long complete, long total) {
        return new LevelRow(level, complete, total, UnitSnapshot.turnoutPct(complete, total),
                previousTerm.completePct(unit.id(), level).orElse(null));
    }

    private long areasTotal(Unit unit) {
        return registry.descendantsAt(unit.id(), registry.leafDepth());
    }

    /** The previous term's turnout at the same time of day, from the unit's baseline curve or its nearest ancestor's. */
    private PreviousTurnout previousTurnout(Unit unit, OffsetDateTime moment) {
        if (moment == null) {
            return null;
        }
        // To the minute: the time is shown beside the figure ("95.80% at 17:00"), and the curve is by minutes at best.
        LocalTime timeOfDay = moment.atZoneSameInstant(zone).toLocalTime().truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        return baseline.nearestCurve(registry, unit.id())
                .map(c -> new PreviousTurnout(valueAt(c.getValue(), timeOfDay), timeOfDay, c.getKey(), baseline.label()))
                .orElse(null);
    }

    /** The curve at a time of day: linear between its points, its first or last value beyond them. */
    static BigDecimal valueAt(DayCurve curve, LocalTime time) {
        TreeMap<LocalTime, BigDecimal> points = new TreeMap<>(curve.points());
        Map.Entry<LocalTime, BigDecimal> before = points.floorEntry(time);
        Map.Entry<LocalTime, BigDecimal> after = points.ceilingEntry(time);
        if (before == null || after == null || before.getKey().equals(after.getKey())) {
            return (before != null ? before : after).getValue().setScale(2, RoundingMode.HALF_UP);
        }
        long span = Duration.between(before.getKey(), after.getKey()).toSeconds();
        long into = Duration.between(before.getKey(), time).toSeconds();
        BigDecimal rise = after.getValue().subtract(before.getValue());
        return before.getValue().add(rise.multiply(BigDecimal.valueOf(into)).divide(BigDecimal.valueOf(span), 6, RoundingMode.HALF_UP))
                .setScale(2, RoundingMode.HALF_UP);
    }

    private static Optional<OffsetDateTime> time(String iso) {
        try {
            return iso == null ? Optional.empty() : Optional.of(OffsetDateTime.parse(iso));
        } catch (java.time.format.DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
