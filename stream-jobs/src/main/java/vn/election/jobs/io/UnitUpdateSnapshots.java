package vn.election.jobs.io;

import java.time.Instant;
import vn.election.jobs.records.UnitFigures;
import vn.election.jobs.records.UnitUpdate;
import vn.election.model.registry.Registry;
import vn.election.model.time.IsoTime;
import vn.election.model.unit.UnitSnapshot;

/** Turns the job's figures for a unit into docs/contract.md's unit snapshot, with names and totals from the registry. */
public final class UnitUpdateSnapshots {

    private UnitUpdateSnapshots() {
    }

    public static UnitSnapshot of(Registry registry, UnitUpdate update) {
        UnitFigures f = update.figures();
        String asOf = f.hasObservation()
                ? IsoTime.format(Instant.ofEpochMilli(f.latestObservedMillis()), f.latestOffsetSeconds())
                : null;
        return vn.election.model.unit.UnitSnapshots.of(registry, update.unitId(), f.registered(), f.voted(),
                f.completeByDepth(), f.reporting(), asOf, f.version());
    }
}
