package vn.election.jobs.functions.unitrules;

import org.apache.flink.api.java.functions.KeySelector;
import vn.election.jobs.RegistryRef;
import vn.election.jobs.records.HistoryPoint;

/** Keys a unit's history point by its parent, so siblings meet in one place; the root, which has none, gets "". */
public class ParentKey implements KeySelector<HistoryPoint, String> {

    private final RegistryRef registry;

    public ParentKey(RegistryRef registry) {
        this.registry = registry;
    }

    @Override
    public String getKey(HistoryPoint point) {
        String parent = registry.load().unit(point.unitId()).parentId();
        return parent == null ? "" : parent;
    }
}
