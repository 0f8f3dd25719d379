package vn.election.dashboard.state;

import java.time.ZoneId;
import vn.election.model.registry.Registry;

/**
 * Everything one instance knows, rebuilt from the compacted topics at start (docs/design.md, decision 7): unit
 * figures, alert episodes with their acknowledgements, curves, units' completion times (for reports at a past time),
 * the registry's area index, and the latest corrections.
 */
public record DashboardState(UnitStore units, AlertBoard alerts, HistoryStore history, AreaIndex areas,
                             CompletionTimes completions, CorrectionStore corrections) {

    /** Empty stores for the registry's units; curves are cut into local days of {@code zone}. */
    public static DashboardState of(Registry registry, ZoneId zone) {
        return new DashboardState(new UnitStore(registry), new AlertBoard(registry), new HistoryStore(registry, zone),
                new AreaIndex(registry), new CompletionTimes(registry), new CorrectionStore(registry));
    }
}
