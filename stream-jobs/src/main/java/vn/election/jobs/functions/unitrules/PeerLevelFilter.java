package vn.election.jobs.functions.unitrules;

import java.util.Set;
import org.apache.flink.api.common.functions.FilterFunction;
import vn.election.jobs.RegistryRef;
import vn.election.jobs.records.HistoryPoint;
import vn.election.model.registry.Registry;

/**
 * Passes the curve points of units at the levels compared with their siblings (not the root), so the
 * peer detector's shuffle carries only what it judges: at national scale most points are polling areas'.
 */
public class PeerLevelFilter implements FilterFunction<HistoryPoint> {

    private final RegistryRef registry;
    private final Set<String> levels;
    private transient Registry loaded;

    public PeerLevelFilter(RegistryRef registry, Set<String> levels) {
        this.registry = registry;
        this.levels = Set.copyOf(levels);
    }

    @Override
    public boolean filter(HistoryPoint point) {
        if (loaded == null) {
            loaded = registry.load();
        }
        var unit = loaded.unit(point.unitId());
        return !unit.isRoot() && levels.contains(unit.level());
    }
}
