package vn.election.jobs.functions.shard;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import vn.election.jobs.RegistryRef;
import vn.election.jobs.functions.ValidateReading;
import vn.election.jobs.records.DecodedRecord;
import vn.election.jobs.records.ShardReading;
import vn.election.model.reading.Reading;
import vn.election.model.registry.Registry;

/**
 * Chained onto the source: addresses each reading of a known polling area to its shard (one registry
 * look-up per reading, here and nowhere after); a record the source could not decode, or a station that is
 * not a polling area, goes to {@link ValidateReading#REJECTED} with the same reason the classic path gives.
 */
public class ValidateShardReading extends ProcessFunction<DecodedRecord, ShardReading> {

    private final RegistryRef registryRef;
    private final int minShards;
    private final int maxParallelism;
    private transient Registry registry;
    private transient ShardPlan plan;

    public ValidateShardReading(RegistryRef registryRef, int minShards, int maxParallelism) {
        this.registryRef = registryRef;
        this.minShards = minShards;
        this.maxParallelism = maxParallelism;
    }

    @Override
    public void open(OpenContext openContext) {
        registry = registryRef.load();
        plan = ShardPlan.of(registryRef, minShards, maxParallelism);
    }

    @Override
    public void processElement(DecodedRecord record, Context ctx, Collector<ShardReading> out) {
        Reading r = record.reading();
        if (r == null) {
            ctx.output(ValidateReading.REJECTED, vn.election.model.reading.RejectedReading.of(record.raw(), record.reason(),
                    ctx.timerService().currentProcessingTime()));
            return;
        }
        ShardPlan.AreaAddress at = plan.address(r.stationId());
        if (at == null) {
            ctx.output(ValidateReading.REJECTED,
                    ValidateReading.notAPollingArea(registry, r, ctx.timerService().currentProcessingTime()));
            return;
        }
        out.collect(new ShardReading(plan.shard(at.shard()).key, at.area(), r.source(), r.seq(),
                r.observedAt().toEpochMilli(), r.utcOffsetSeconds(), r.voted(),
                r.registered() == null ? ShardReading.NO_LIST : r.registered(), r.sentBy()));
    }
}
