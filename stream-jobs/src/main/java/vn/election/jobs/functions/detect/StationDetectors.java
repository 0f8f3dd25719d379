package vn.election.jobs.functions.detect;

import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import vn.election.jobs.records.Finding;
import vn.election.jobs.records.StationReading;

/**
 * Wires the five station-level detectors onto the tally's accepted readings (timestamped by observation
 * time, with watermarks), each keyed by station with a stable uid, and returns all their findings as one stream.
 */
public final class StationDetectors {

    private StationDetectors() {
    }

    /** @param byStation the accepted readings keyed by station (the tally's own key: no shuffle needed) */
    public static DataStream<Finding> wire(KeyedStream<StationReading, String> byStation, DetectorConfig config) {
        DataStream<Finding> over = detect(byStation, new OverListDetector(config), OverListDetector.RULE_ID);
        DataStream<Finding> decrease = detect(byStation, new CounterDecreaseDetector(config),
                CounterDecreaseDetector.RULE_ID);
        DataStream<Finding> surge = detect(byStation, new SurgeDetector(config), SurgeDetector.RULE_ID);
        DataStream<Finding> silence = detect(byStation, new SilenceDetector(config), SilenceDetector.RULE_ID);
        DataStream<Finding> jump = detect(byStation, new JumpBeforeCheckpointDetector(config),
                JumpBeforeCheckpointDetector.RULE_ID);
        return over.union(decrease, surge, silence, jump);
    }

    /** One detector as a named operator whose uid ({@code detect-<rule id>}) keeps its state across upgrades. */
    private static DataStream<Finding> detect(KeyedStream<StationReading, String> byStation,
                                            KeyedProcessFunction<String, StationReading, Finding> detector,
                                            String ruleId) {
        return byStation.process(detector).returns(Finding.class)
                .name("detect " + ruleId.replace('-', ' ')).uid("detect-" + ruleId);
    }
}
