package vn.election.jobs.functions.detect;

import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import vn.election.jobs.records.StationReading;
import vn.election.model.alert.Alert;

/**
 * Wires the five station-level detectors onto the tally's accepted readings (timestamped by observation
 * time, with watermarks), each keyed by station with a stable uid, and returns all their alerts as one stream.
 */
public final class StationDetectors {

    private StationDetectors() {
    }

    /** @param byStation the accepted readings keyed by station (the tally's own key: no shuffle needed) */
    public static DataStream<Alert> wire(KeyedStream<StationReading, String> byStation, DetectorConfig config) {
        DataStream<Alert> over = detect(byStation, new OverListDetector(config), OverListDetector.RULE_ID);
        DataStream<Alert> decrease = detect(byStation, new CounterDecreaseDetector(config),
                CounterDecreaseDetector.RULE_ID);
        DataStream<Alert> surge = detect(byStation, new SurgeDetector(config), SurgeDetector.RULE_ID);
        DataStream<Alert> silence = detect(byStation, new SilenceDetector(config), SilenceDetector.RULE_ID);
        DataStream<Alert> jump = detect(byStation, new JumpBeforeCheckpointDetector(config),
                JumpBeforeCheckpointDetector.RULE_ID);
        return over.union(decrease, surge, silence, jump);
    }

    /** One detector as a named operator whose uid ({@code detect-<rule id>}) keeps its state across upgrades. */
    private static DataStream<Alert> detect(KeyedStream<StationReading, String> byStation,
                                            KeyedProcessFunction<String, StationReading, Alert> detector,
                                            String ruleId) {
        return byStation.process(detector).returns(Alert.class)
                .name("detect " + ruleId.replace('-', ' ')).uid("detect-" + ruleId);
    }
}
