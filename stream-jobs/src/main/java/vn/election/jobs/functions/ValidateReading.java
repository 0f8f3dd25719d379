package vn.election.jobs.functions;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import vn.election.jobs.RegistryRef;
import vn.election.jobs.records.DecodedRecord;
import vn.election.model.reading.Reading;
import vn.election.model.reading.ReadingCodec;
import vn.election.model.reading.RejectedReading;
import vn.election.model.registry.Registry;

/**
 * Passes on readings of known polling areas; a record the source could not decode, or a reading for
 * an unknown station or a unit that is not a polling area, goes to the {@link #REJECTED} side output
 * with the reason, so bad data never fails the job.
 */
public class ValidateReading extends ProcessFunction<DecodedRecord, Reading> {

    public static final OutputTag<RejectedReading> REJECTED =
            new OutputTag<>("rejected-readings", TypeInformation.of(RejectedReading.class));

    private final RegistryRef registryRef;
    private transient Registry registry;

    public ValidateReading(RegistryRef registryRef) {
        this.registryRef = registryRef;
    }

    @Override
    public void open(OpenContext openContext) {
        registry = registryRef.load();
    }

    @Override
    public void processElement(DecodedRecord record, Context ctx, Collector<Reading> out) {
        long now = ctx.timerService().currentProcessingTime();
        Reading reading = record.reading();
        if (reading == null) {
            ctx.output(REJECTED, RejectedReading.of(record.raw(), record.reason(), now));
            return;
        }
        if (!registry.isLeaf(reading.stationId())) {
            ctx.output(REJECTED, notAPollingArea(registry, reading, now));
            return;
        }
        out.collect(reading);
    }

    /** The refusal of a reading whose station is not a polling area of the registry, with the reason. */
    public static RejectedReading notAPollingArea(Registry registry, Reading reading, long now) {
        String why = registry.find(reading.stationId())
                .map(u -> "station_id: " + u.id() + " is a " + u.level() + ", not a polling area")
                .orElse("station_id: unknown polling area " + reading.stationId());
        return RejectedReading.of(ReadingCodec.encode(reading), why, now);
    }
}
