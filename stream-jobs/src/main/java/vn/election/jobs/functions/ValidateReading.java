package vn.election.jobs.functions;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import vn.election.jobs.RegistryRef;
import vn.election.model.reading.InvalidReadingException;
import vn.election.model.reading.Reading;
import vn.election.model.reading.ReadingCodec;
import vn.election.model.reading.RejectedReading;
import vn.election.model.registry.Registry;

/**
 * Decodes raw records of the readings topic into readings of known polling areas; anything else
 * goes to the {@link #REJECTED} side output with the reason, so bad data never fails the job.
 */
public class ValidateReading extends ProcessFunction<byte[], Reading> {

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
    public void processElement(byte[] raw, Context ctx, Collector<Reading> out) {
        long now = ctx.timerService().currentProcessingTime();
        Reading reading;
        try {
            reading = ReadingCodec.decode(raw);
        } catch (InvalidReadingException e) {
            ctx.output(REJECTED, RejectedReading.of(raw, e.getMessage(), now));
            return;
        }
        if (!registry.isLeaf(reading.stationId())) {
            String why = registry.find(reading.stationId())
                    .map(u -> "station_id: " + u.id() + " is a " + u.level() + ", not a polling area")
                    .orElse("station_id: unknown polling area " + reading.stationId());
            ctx.output(REJECTED, RejectedReading.of(raw, why, now));
            return;
        }
        out.collect(reading);
    }
}
