package vn.election.jobs.functions.shard;

import java.util.Set;
import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFilterFunction;
import vn.election.jobs.RegistryRef;
import vn.election.jobs.records.UnitUpdate;
import vn.election.model.registry.Registry;

/** Keeps the unit updates of units at the given registry depths (the levels a later stage judges). */
public class UpdatesAtDepths extends RichFilterFunction<UnitUpdate> implements FilterFunction<UnitUpdate> {

    private final RegistryRef registryRef;
    private final Set<Integer> depths;
    private transient Registry registry;

    public UpdatesAtDepths(RegistryRef registryRef, Set<Integer> depths) {
        this.registryRef = registryRef;
        this.depths = Set.copyOf(depths);
    }

    @Override
    public void open(OpenContext openContext) {
        registry = registryRef.load();
    }

    @Override
    public boolean filter(UnitUpdate update) {
        return depths.contains(registry.unit(update.unitId()).depth());
    }
}
