package vn.election.jobs.io;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import vn.election.jobs.records.UnitFigures;
import vn.election.jobs.records.UnitUpdate;
import vn.election.model.registry.Registry;
import vn.election.model.unit.UnitSnapshot;

/** Turns the job's figures for a unit into docs/contract.md's unit snapshot, with names and totals from the registry. */
public final class UnitUpdateSnapshots {

    private UnitUpdateSnapshots() {
    }

    public static UnitSnapshot of(Registry registry, UnitUpdate update) {
        UnitFigures f = update.figures();
        String asOf = f.hasObservation()
                ? DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(Instant.ofEpochMilli(f.latestObservedMillis())
                        .atOffset(ZoneOffset.ofTotalSeconds(f.latestOffsetSeconds())))
                : null;
        return vn.election.model.unit.UnitSnapshots.of(registry, update.unitId(), f.registered(), f.voted(),
                f.completeByDepth(), f.reporting(), asOf, f.version());
    }
}
