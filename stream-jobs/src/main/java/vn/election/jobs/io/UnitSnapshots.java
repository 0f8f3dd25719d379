package vn.election.jobs.io;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import vn.election.jobs.records.UnitFigures;
import vn.election.jobs.records.UnitUpdate;
import vn.election.model.registry.Registry;
import vn.election.model.registry.Unit;
import vn.election.model.unit.LevelCompletion;
import vn.election.model.unit.UnitSnapshot;

/** Turns the job's figures for a unit into CONTRACT.md's unit snapshot, with names and totals from the registry. */
public final class UnitSnapshots {

    private UnitSnapshots() {
    }

    public static UnitSnapshot of(Registry registry, UnitUpdate update) {
        Unit unit = registry.unit(update.unitId());
        UnitFigures f = update.figures();
        Map<String, LevelCompletion> byLevel = new LinkedHashMap<>();
        for (int depth = registry.leafDepth(); depth > unit.depth(); depth--) {
            byLevel.put(registry.levels().get(depth), new LevelCompletion(f.completeByDepth()[depth],
                    registry.descendantsAt(unit.id(), depth), depth == registry.leafDepth() ? f.reporting() : null));
        }
        String asOf = f.hasObservation()
                ? DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(Instant.ofEpochMilli(f.latestObservedMillis())
                        .atOffset(ZoneOffset.ofTotalSeconds(f.latestOffsetSeconds())))
                : null;
        return new UnitSnapshot(unit.id(), unit.parentId(), unit.level(), unit.name(), f.registered(), f.voted(), byLevel,
                asOf, f.version());
    }
}
