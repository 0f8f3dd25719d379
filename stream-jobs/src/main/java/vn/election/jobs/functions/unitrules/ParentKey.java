package vn.election.jobs.functions.unitrules;

import org.apache.flink.api.java.functions.KeySelector;
import vn.election.jobs.RegistryRef;
import vn.election.jobs.records.UnitUpdate;

/** Keys a unit's update by its parent, so siblings meet in one place; the root, which has none, gets "". */
public class ParentKey implements KeySelector<UnitUpdate, String> {

    private final RegistryRef registry;

    public ParentKey(RegistryRef registry) {
        this.registry = registry;
    }

    @Override
    public String getKey(UnitUpdate update) {
        String parent = registry.load().unit(update.unitId()).parentId();
        return parent == null ? "" : parent;
    }
}
