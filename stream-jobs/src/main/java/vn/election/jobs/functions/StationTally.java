package vn.election.jobs.functions;

import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import vn.election.jobs.RegistryRef;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.OutputTag;
import vn.election.jobs.records.SourceCount;
import vn.election.jobs.records.StationReading;
import vn.election.jobs.records.UnitFigures;
import vn.election.model.reading.Reading;
import vn.election.model.registry.Unit;

/**
 * Per polling area (keyed by station id): the latest reading of each source wins by {@code seq}, a
 * repeated or stale one changes nothing; the area's count is the sum of its sources, and a reading's
 * {@code registered} replaces the list size unless an update observed later already did. An accepted reading that
 * lowers its source's count or changes the list is put on record ({@link Corrections#TAG}).
 */
public class StationTally extends CoalescingFiguresFunction<Reading> {

    /** Every accepted reading with the area's figures before and after it, for the anomaly detectors. */
    public static final OutputTag<StationReading> ACCEPTED =
            new OutputTag<>("accepted-readings", TypeInformation.of(StationReading.class));

    private transient MapState<String, SourceCount> sources;
    private transient ValueState<Long> listObservedAt;

    public StationTally(RegistryRef registry, Duration interval) {
        super(registry, interval);
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        super.open(openContext);
        sources = getRuntimeContext().getMapState(new MapStateDescriptor<>("sources", String.class, SourceCount.class));
        listObservedAt = getRuntimeContext().getState(new ValueStateDescriptor<>("list-observed-at", Long.class));
    }

    @Override
    protected UnitFigures apply(Unit station, Reading reading, UnitFigures current, Context ctx) throws Exception {
        SourceCount previous = sources.get(reading.source());
        if (previous != null && reading.seq() <= previous.seq()) {
            return current;
        }
        sources.put(reading.source(), new SourceCount(reading.seq(), reading.voted()));
        long voted = current.voted() - (previous == null ? 0 : previous.voted()) + reading.voted();
        long observed = reading.observedAt().toEpochMilli();
        long registered = current.registered();
        if (previous != null && reading.voted() < previous.voted()) {
            ctx.output(Corrections.TAG, Corrections.lowered(reading.stationId(), reading.source(), previous.voted(),
                    reading.voted(), observed, reading.utcOffsetSeconds(), reading.seq(), reading.sentBy()));
        }
        if (reading.registered() != null) {
            Long listAsOf = listObservedAt.value();
            if (listAsOf == null || observed >= listAsOf) {
                registered = reading.registered();
                listObservedAt.update(observed);
                if (registered != current.registered()) {
                    ctx.output(Corrections.TAG, Corrections.listChanged(reading.stationId(), reading.source(),
                            current.registered(), registered, observed, reading.utcOffsetSeconds(), reading.seq(),
                            reading.sentBy()));
                }
            }
        }
        boolean later = observed > current.latestObservedMillis();
        ctx.output(ACCEPTED, new StationReading(reading.stationId(), reading.source(), reading.seq(), observed,
                reading.utcOffsetSeconds(), previous == null ? -1 : previous.voted(), reading.voted(), current.voted(),
                voted, registered, current.latestObservedMillis()));
        return new UnitFigures(voted, registered, current.completeByDepth(), 1,
                later ? observed : current.latestObservedMillis(),
                later ? reading.utcOffsetSeconds() : current.latestOffsetSeconds(), current.version());
    }
}
