package vn.election.jobs.functions.detect;

import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import vn.election.jobs.records.Finding;
import vn.election.jobs.records.StationReading;

/** A keyed harness around one detector, with Kryo fallback off as in the job, so state types must be POJOs. */
final class DetectorHarness implements AutoCloseable {

    final KeyedOneInputStreamOperatorTestHarness<String, StationReading, Finding> harness;

    DetectorHarness(KeyedProcessFunction<String, StationReading, Finding> detector) throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(detector),
                StationReading::stationId, Types.STRING);
        Configuration noKryo = new Configuration();
        noKryo.set(PipelineOptions.GENERIC_TYPES, false);
        harness.getExecutionConfig().getSerializerConfig().configure(noKryo, getClass().getClassLoader());
        harness.open();
    }

    /** Pushes readings with their observation time as the element timestamp, as the job does. */
    DetectorHarness push(StationReading... readings) throws Exception {
        for (StationReading r : readings) {
            harness.processElement(new StreamRecord<>(r, r.observedMillis()));
        }
        return this;
    }

    DetectorHarness watermark(long millis) throws Exception {
        harness.processWatermark(millis);
        return this;
    }

    DetectorHarness watermark(String hhmm) throws Exception {
        return watermark(StationFeed.millis(hhmm));
    }

    List<Finding> findings() {
        return harness.extractOutputValues();
    }

    int stateEntries() {
        return harness.numKeyedStateEntries();
    }

    int timers() {
        return harness.numEventTimeTimers();
    }

    @Override
    public void close() throws Exception {
        harness.close();
    }
}
