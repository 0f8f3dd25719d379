package vn.election.jobs;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import vn.election.jobs.functions.CoalescingFiguresFunction;
import vn.election.jobs.functions.StationTally;
import vn.election.jobs.functions.UnitRollup;
import vn.election.jobs.functions.ValidateReading;
import vn.election.jobs.functions.detect.StationDetectors;
import vn.election.jobs.functions.unitrules.BelowTargetAtCloseDetector;
import vn.election.jobs.functions.unitrules.LaggingPeersDetector;
import vn.election.jobs.functions.unitrules.ParentKey;
import vn.election.jobs.functions.unitrules.PeerLevelFilter;
import vn.election.jobs.functions.history.TurnoutHistory;
import vn.election.jobs.functions.rules.AlertRules;
import vn.election.jobs.records.AlertRuleChange;
import vn.election.jobs.records.DecodedRecord;
import vn.election.jobs.records.HistoryPoint;
import vn.election.jobs.records.StationReading;
import vn.election.jobs.records.UnitDelta;
import vn.election.jobs.records.UnitUpdate;
import vn.election.model.alert.Alert;
import vn.election.model.reading.Reading;
import vn.election.model.reading.RejectedReading;
import vn.election.model.registry.Registry;

/**
 * Wires the turnout pipeline between any source of raw readings and any sinks: validate, tally per
 * polling area, then one keyed roll-up stage per level of the registry, leaf to root. Tests run this
 * exact wiring with a finite source; {@link TurnoutJob} puts Kafka around it.
 */
public final class TurnoutPipeline {

    /** What the pipeline produces: absolute per-unit figures, the records it refused, and alerts. */
    public record Outputs(DataStream<UnitUpdate> updates, DataStream<RejectedReading> rejected,
                          DataStream<Alert> alerts, DataStream<HistoryPoint> history) {
    }

    private TurnoutPipeline() {
    }

    /**
     * Event time from each reading's {@code observed_at}, bounded out-of-orderness and idleness. Applied
     * in the source, so each Kafka partition keeps its own watermark and the job takes the least: a
     * partition read ahead of the others never makes the others' polling areas look late or silent.
     */
    public static WatermarkStrategy<DecodedRecord> watermarks(TurnoutJobConfig config) {
        return WatermarkStrategy.<DecodedRecord>forBoundedOutOfOrderness(config.outOfOrderness())
                .withTimestampAssigner((r, ts) -> r.eventTime())
                .withIdleness(config.idleness());
    }

    /** Wires the pipeline with the rules it starts with and no rule changes at run time. */
    public static Outputs wire(DataStream<DecodedRecord> decoded, TurnoutJobConfig config) {
        // An empty stream derived from the input: same parallelism and watermarks, nothing in it.
        DataStream<AlertRuleChange> none = decoded
                .flatMap((DecodedRecord d, org.apache.flink.util.Collector<AlertRuleChange> out) -> { })
                .returns(AlertRuleChange.class).name("no rule changes").uid("no-rule-changes");
        return wire(decoded, none, config);
    }

    /**
     * Wires the pipeline onto decoded records that already carry event time and watermarks, with the
     * alert rule changes broadcast into the rules stage.
     */
    public static Outputs wire(DataStream<DecodedRecord> decoded, DataStream<AlertRuleChange> ruleChanges,
                               TurnoutJobConfig config) {
        RegistryRef registryRef = config.registry();
        Duration emitInterval = config.emitInterval();
        Registry registry = registryRef.load();
        SingleOutputStreamOperator<Reading> readings = decoded
                .process(new ValidateReading(registryRef)).returns(Reading.class)
                .name("validate readings").uid("validate-readings");

        String leafLevel = registry.levels().get(registry.leafDepth());
        SingleOutputStreamOperator<UnitDelta> level = readings
                .keyBy(r -> r.stationId(), Types.STRING)
                .process(new StationTally(registryRef, emitInterval)).returns(UnitDelta.class)
                .name("tally " + leafLevel).uid("tally-" + leafLevel);
        LevelOutputs outputs = LevelOutputs.of(level, leafLevel, config.history().pollingAreas(), config);
        // The tally is keyed by station and its accepted readings carry that station: the detectors chain
        // onto it without a network shuffle (five serialized copies of every reading otherwise).
        KeyedStream<StationReading, String> accepted = DataStreamUtils.reinterpretAsKeyedStream(
                level.getSideOutput(StationTally.ACCEPTED), r -> r.stationId(), Types.STRING);

        // Levels come from the registry file, never from code: 2021 has three between nation and
        // polling area, 2026 two.
        for (int depth = registry.leafDepth() - 1; depth >= 0; depth--) {
            String name = registry.levels().get(depth);
            level = level
                    .keyBy(d -> d.unitId(), Types.STRING)
                    .process(new UnitRollup(registryRef, emitInterval)).returns(UnitDelta.class)
                    .name("roll up " + name).uid("rollup-" + name);
            outputs = outputs.and(LevelOutputs.of(level, name, true, config));
        }
        DataStream<HistoryPoint> history = outputs.history();
        DataStream<Alert> findings = StationDetectors.wire(accepted, config.detectors())
                .union(laggingPeers(history, config));
        if (outputs.belowTarget() != null) {
            findings = findings.union(outputs.belowTarget());
        }
        // Findings become alerts by the rules in force (rules as data, changed at run time).
        DataStream<Alert> alerts = AlertRules.apply(findings, history, ruleChanges, config);
        return new Outputs(outputs.updates(), readings.getSideOutput(ValidateReading.REJECTED), alerts, history);
    }

    /**
     * What each level's stage adds: its units' figures, their curve points and (at the levels judged
     * against the target) below-target findings. Each stage is keyed by the id of the units it emits, so
     * the curve and the target check chain onto it, with no shuffle of every update.
     */
    private record LevelOutputs(DataStream<UnitUpdate> updates, DataStream<HistoryPoint> history,
                                DataStream<Alert> belowTarget) {

        static LevelOutputs of(SingleOutputStreamOperator<UnitDelta> stage, String level, boolean curves,
                               TurnoutJobConfig config) {
            DataStream<UnitUpdate> updates = stage.getSideOutput(CoalescingFiguresFunction.UPDATES);
            KeyedStream<UnitUpdate, String> byUnit =
                    DataStreamUtils.reinterpretAsKeyedStream(updates, u -> u.unitId(), Types.STRING);
            DataStream<HistoryPoint> history = !curves ? null : byUnit
                    .process(new TurnoutHistory(config.history())).returns(HistoryPoint.class)
                    .name("turnout history per 5 minutes: " + level).uid("turnout-history-" + level);
            DataStream<Alert> belowTarget = !config.unitRules().targetLevels().contains(level) ? null : byUnit
                    .process(new BelowTargetAtCloseDetector(config.registry(), config.unitRules())).returns(Alert.class)
                    .name("detect units below target at close: " + level).uid("detect-below-target-" + level);
            return new LevelOutputs(updates, history, belowTarget);
        }

        LevelOutputs and(LevelOutputs upper) {
            DataStream<Alert> below = belowTarget == null ? upper.belowTarget
                    : upper.belowTarget == null ? belowTarget : belowTarget.union(upper.belowTarget);
            DataStream<HistoryPoint> curves = history == null ? upper.history
                    : upper.history == null ? history : history.union(upper.history);
            return new LevelOutputs(updates.union(upper.updates), curves, below);
        }
    }

    /** A unit far below its siblings at the same time, judged at the levels configured for it. */
    private static DataStream<Alert> laggingPeers(DataStream<HistoryPoint> history, TurnoutJobConfig config) {
        RegistryRef registryRef = config.registry();
        java.util.Set<String> levels = config.unitRules().peerLevels();
        return history
                .filter(new PeerLevelFilter(registryRef, levels)).name("curve points of compared levels")
                .uid("lagging-peers-levels")
                .keyBy(new ParentKey(registryRef), Types.STRING)
                .process(new LaggingPeersDetector(registryRef, config.unitRules())).returns(Alert.class)
                .name("detect units lagging their peers").uid("detect-lagging-peers");
    }
}
