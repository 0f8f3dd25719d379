package vn.election.jobs.functions;

import java.time.Duration;
import vn.election.jobs.RegistryRef;
import vn.election.jobs.records.UnitDelta;
import vn.election.jobs.records.UnitFigures;
import vn.election.model.registry.Unit;

/**
 * One roll-up level (keyed by the id of a unit at that level): adds its children's deltas into the
 * unit's figures; the base class passes the unit's own change on to its parent.
 */
public class UnitRollup extends CoalescingFiguresFunction<UnitDelta> {

    public UnitRollup(RegistryRef registry, Duration interval) {
        super(registry, interval);
    }

    @Override
    protected UnitFigures apply(Unit unit, UnitDelta delta, UnitFigures current, Context ctx) {
        return current.plus(delta);
    }
}
