package vn.election.jobs.functions.detect;

import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import vn.election.jobs.records.StationReading;
import vn.election.model.alert.Alert;

/** A detector in a keyed test harness: readings in with their observation time, watermarks, alerts out. */
final class DetectorHarness implements AutoCloseable {

    final KeyedOneInputStreamOperatorTestHarness<String, StationReading, Alert> harness;

    DetectorHarness(KeyedProcessFunction<String, StationReading, Alert> detector) throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(detector),
                StationReading::stationId, Types.STRING);
        harness.open();
    }

    DetectorHarness push(StationReading r) throws Exception {
        harness.processElement(new StreamRecord<>(r, r.observedMillis()));
        return this;
    }

    DetectorHarness watermark(long millis) throws Exception {
        harness.processWatermark(new Watermark(millis));
        return this;
    }

    List<Alert> alerts() {
        return harness.extractOutputValues();
    }

    @Override
    public void close() throws Exception {
        harness.close();
    }
}
