package vn.election.jobs;

import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import vn.election.jobs.functions.CoalescingFiguresFunction;
import vn.election.jobs.functions.Corrections;
import vn.election.jobs.functions.FlushAtEndOfInput;
import vn.election.jobs.functions.StationTally;
import vn.election.jobs.functions.UnitRollup;
import vn.election.jobs.functions.ValidateReading;
import vn.election.jobs.functions.detect.ShardDetectors;
import vn.election.jobs.functions.detect.StationDetectors;
import vn.election.jobs.functions.shard.ShardPlan;
import vn.election.jobs.functions.shard.ShardReadingSerializer;
import vn.election.jobs.functions.shard.ShardTally;
import vn.election.jobs.functions.shard.UpdatesAtDepths;
import vn.election.jobs.functions.shard.ValidateShardReading;
import vn.election.jobs.functions.unitrules.BelowTargetAtCloseDetector;
import vn.election.jobs.functions.unitrules.LaggingPeersDetector;
import vn.election.jobs.functions.unitrules.ParentKey;
import vn.election.jobs.functions.unitrules.PeerLevelFilter;
import vn.election.jobs.functions.history.TurnoutHistory;
import vn.election.jobs.functions.rules.AlertRules;
import vn.election.jobs.records.AlertRuleChange;
import vn.election.jobs.functions.curve.CurveRollup;
import vn.election.jobs.functions.curve.OpenPoints;
import vn.election.jobs.records.CurveDelta;
import vn.election.jobs.records.DecodedRecord;
import vn.election.jobs.records.EncodedSnapshot;
import vn.election.jobs.records.Finding;
import vn.election.jobs.records.HistoryPoint;
import vn.election.jobs.records.ShardReading;
import vn.election.jobs.records.StationReading;
import vn.election.jobs.records.UnitDelta;
import vn.election.jobs.records.UnitUpdate;
import vn.election.model.alert.Alert;
import vn.election.model.correction.Correction;
import vn.election.model.reading.Reading;
import vn.election.model.reading.RejectedReading;
import vn.election.model.registry.Registry;

/**
 * Wires the turnout pipeline between any source of raw readings and any sinks: validate, tally per
 * polling area, then one keyed roll-up stage per level of the registry, leaf to root; {@link TurnoutJob}
 * puts Kafka around it. {@code TurnoutPipelineIT} runs both paths through this seam with a finite source and
 * collecting sinks: the stages that emit on a processing-time tick fire their pending ticks when a bounded input
 * ends ({@link FlushAtEndOfInput}), so the last figures are not lost.
 */
public final class TurnoutPipeline {

    /**
     * What the pipeline produces: absolute per-unit figures, the records it refused, and alerts.
     *
     * @param unitStreams the figures as the stages emit them, each to be sunk where it is made (a sink per
     *                    stream chains onto its stage; one sink for their union would take every update over
     *                    the network)
     * @param encodedUnits snapshots a stage encoded itself (the shard stage), or null
     * @param corrections applied readings that lowered a source's count or changed a list, from the tally stage
     */
    public record Outputs(List<DataStream<UnitUpdate>> unitStreams, DataStream<EncodedSnapshot> encodedUnits,
                          DataStream<RejectedReading> rejected,
                          DataStream<Alert> alerts, DataStream<HistoryPoint> history,
                          DataStream<Correction> corrections) {

        /** The figures of every stage that emits them unencoded, as one stream, or null when there is none. */
        public DataStream<UnitUpdate> updates() {
            if (unitStreams.isEmpty()) {
                return null;
            }
            DataStream<UnitUpdate> all = unitStreams.get(0);
            for (int i = 1; i < unitStreams.size(); i++) {
                all = all.union(unitStreams.get(i));
            }
            return all;
        }
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
        return config.pipeline() == TurnoutJobConfig.Pipeline.SHARDED
                ? wireSharded(decoded, ruleChanges, config)
                : wireClassic(decoded, ruleChanges, config);
    }

    /**
     * The sharded hot path: readings addressed to their shard in the source's chain, one keyed stage per
     * shard that tallies the areas and rolls them up to the shard on an aligned tick (its units sink chained
     * onto it), then one roll-up stage per level above the shard.
     */
    private static Outputs wireSharded(DataStream<DecodedRecord> decoded, DataStream<AlertRuleChange> ruleChanges,
                                       TurnoutJobConfig config) {
        RegistryRef registryRef = config.registry();
        Registry registry = registryRef.load();
        ShardPlan plan = ShardPlan.of(registryRef, ShardPlan.DEFAULT_MIN_SHARDS, TurnoutJob.MAX_PARALLELISM);
        SingleOutputStreamOperator<ShardReading> readings = decoded
                .process(new ValidateShardReading(registryRef, ShardPlan.DEFAULT_MIN_SHARDS, TurnoutJob.MAX_PARALLELISM))
                .returns(ShardReadingSerializer.TYPE).name("validate readings and address them to shards").uid("validate-shard-readings");
        String shardLevel = registry.levels().get(plan.shardDepth());
        // The target check of the levels inside a shard: keyed by unit, after the shard stage (one update per
        // unit per tick, far fewer than readings). The stage makes updates only for those levels.
        java.util.Set<Integer> targetDepths = new java.util.HashSet<>();
        for (int d = plan.shardDepth(); d < registry.leafDepth(); d++) {
            if (config.unitRules().targetLevels().contains(registry.levels().get(d))) {
                targetDepths.add(d);
            }
        }
        SingleOutputStreamOperator<UnitDelta> level = flushing(readings.keyBy(ShardReading::shardKey, Types.INT),
                new ShardTally(registryRef, ShardPlan.DEFAULT_MIN_SHARDS, TurnoutJob.MAX_PARALLELISM,
                        config.emitInterval(), new ShardDetectors(config.detectors()), config.history(), targetDepths),
                UnitDelta.class, "tally and roll up per " + shardLevel).uid("shard-tally");
        SingleOutputStreamOperator<UnitDelta> shardStage = level;
        DataStream<UnitUpdate> innerUpdates = level.getSideOutput(CoalescingFiguresFunction.UPDATES);

        DataStream<Finding> innerBelow = targetDepths.isEmpty() ? null : innerUpdates
                .filter(new UpdatesAtDepths(registryRef, targetDepths)).name("updates of levels with a target")
                .uid("shard-target-levels")
                .keyBy(u -> u.unitId(), Types.STRING)
                // Flushed at the end of a bounded input: its close grace is a processing-time timer.
                .transform("detect units below target at close: " + shardLevel + " and below",
                        TypeInformation.of(Finding.class),
                        new FlushAtEndOfInput<>(new BelowTargetAtCloseDetector(config.registry(), config.unitRules())))
                .uid("detect-below-target-shard");
        // Exact curves: the shard stage closes its units' buckets by the watermark; each level above adds its
        // children's changes per bucket and closes its own the same way.
        DataStream<HistoryPoint> closedPoints = shardStage.getSideOutput(ShardTally.CURVE_POINTS);
        DataStream<HistoryPoint> openPoints = shardStage.getSideOutput(ShardTally.OPEN_POINTS);
        DataStream<CurveDelta> curveDeltas = shardStage.getSideOutput(ShardTally.CURVE_DELTAS);
        LevelOutputs outputs = new LevelOutputs(List.of(), null, innerBelow);
        for (int depth = plan.shardDepth() - 1; depth >= 0; depth--) {
            String name = registry.levels().get(depth);
            level = flushing(level.keyBy(d -> d.unitId(), Types.STRING), new UnitRollup(registryRef, config.emitInterval()),
                    UnitDelta.class, "roll up " + name).uid("rollup-" + name);
            outputs = outputs.and(LevelOutputs.of(level, name, false, config));
            openPoints = openPoints.union(level.getSideOutput(CoalescingFiguresFunction.UPDATES)
                    .flatMap(new OpenPoints(config.history())).returns(HistoryPoint.class)
                    .name("open curve points: " + name).uid("open-points-" + name));
            SingleOutputStreamOperator<CurveDelta> curve = flushing(curveDeltas.keyBy(d -> d.unitId(), Types.STRING),
                    new CurveRollup(registryRef, config.history()), CurveDelta.class,
                    "curves per 5 minutes of event time: " + name).uid("curve-" + name);
            closedPoints = closedPoints.union(curve.getSideOutput(CurveRollup.POINTS));
            curveDeltas = curve;
        }
        outputs = new LevelOutputs(outputs.updates(), closedPoints, outputs.belowTarget());
        return finish(outputs, openPoints, shardStage.getSideOutput(ShardTally.SNAPSHOTS),
                shardStage.getSideOutput(ShardDetectors.FINDINGS), readings.getSideOutput(ValidateReading.REJECTED),
                ruleChanges, config, shardStage.getSideOutput(Corrections.TAG));
    }

    /** The classic path: a keyed stage per polling area, then one per level, each unit its own key. */
    private static Outputs wireClassic(DataStream<DecodedRecord> decoded, DataStream<AlertRuleChange> ruleChanges,
                                       TurnoutJobConfig config) {
        RegistryRef registryRef = config.registry();
        Duration emitInterval = config.emitInterval();
        Registry registry = registryRef.load();
        SingleOutputStreamOperator<Reading> readings = decoded
                .process(new ValidateReading(registryRef)).returns(Reading.class)
                .name("validate readings").uid("validate-readings");

        String leafLevel = registry.levels().get(registry.leafDepth());
        SingleOutputStreamOperator<UnitDelta> level = flushing(readings.keyBy(r -> r.stationId(), Types.STRING),
                new StationTally(registryRef, emitInterval), UnitDelta.class, "tally " + leafLevel).uid("tally-" + leafLevel);
        LevelOutputs outputs = LevelOutputs.of(level, leafLevel, config.history().pollingAreas(), config);
        DataStream<Correction> corrections = level.getSideOutput(Corrections.TAG);
        // The tally is keyed by station and its accepted readings carry that station: the detectors chain
        // onto it without a network shuffle (five serialized copies of every reading otherwise).
        KeyedStream<StationReading, String> accepted = DataStreamUtils.reinterpretAsKeyedStream(
                level.getSideOutput(StationTally.ACCEPTED), r -> r.stationId(), Types.STRING);

        // Levels come from the registry file, never from code: 2021 has three between nation and
        // polling area, 2026 two.
        for (int depth = registry.leafDepth() - 1; depth >= 0; depth--) {
            String name = registry.levels().get(depth);
            level = flushing(level.keyBy(d -> d.unitId(), Types.STRING), new UnitRollup(registryRef, emitInterval),
                    UnitDelta.class, "roll up " + name).uid("rollup-" + name);
            outputs = outputs.and(LevelOutputs.of(level, name, true, config));
        }
        // As it always was: one units sink for every level's updates (the sharded path sinks each stage's own).
        LevelOutputs oneSink = new LevelOutputs(List.of(outputs.union()), outputs.history(), outputs.belowTarget());
        return finish(oneSink, null, null, StationDetectors.wire(accepted, config.detectors()),
                readings.getSideOutput(ValidateReading.REJECTED), ruleChanges, config, corrections);
    }

    /**
     * What both paths share after the roll-up: unit rules on the curves, and findings made alerts by the rules.
     * Detectors and rules see closed curve points only; the history topic also gets the open ones, if any.
     */
    private static Outputs finish(LevelOutputs outputs, DataStream<HistoryPoint> openPoints,
                                  DataStream<EncodedSnapshot> encoded, DataStream<Finding> stationFindings,
                                  DataStream<RejectedReading> rejected, DataStream<AlertRuleChange> ruleChanges,
                                  TurnoutJobConfig config, DataStream<Correction> corrections) {
        DataStream<HistoryPoint> history = outputs.history();
        DataStream<Finding> findings = stationFindings.union(laggingPeers(history, config));
        if (outputs.belowTarget() != null) {
            findings = findings.union(outputs.belowTarget());
        }
        // Findings become alerts by the rules in force (rules as data, changed at run time).
        DataStream<Alert> alerts = AlertRules.apply(findings, history, ruleChanges, config);
        return new Outputs(outputs.updates(), encoded, rejected, alerts,
                openPoints == null ? history : history.union(openPoints), corrections);
    }

    /**
     * What each level's stage adds: its units' figures, their curve points and (at the levels judged
     * against the target) below-target findings. Each stage is keyed by the id of the units it emits, so
     * the curve and the target check chain onto it, with no shuffle of every update.
     */
    private record LevelOutputs(List<DataStream<UnitUpdate>> updates, DataStream<HistoryPoint> history,
                                DataStream<Finding> belowTarget) {

        static LevelOutputs of(SingleOutputStreamOperator<UnitDelta> stage, String level, boolean curves,
                               TurnoutJobConfig config) {
            DataStream<UnitUpdate> updates = stage.getSideOutput(CoalescingFiguresFunction.UPDATES);
            KeyedStream<UnitUpdate, String> byUnit =
                    DataStreamUtils.reinterpretAsKeyedStream(updates, u -> u.unitId(), Types.STRING);
            DataStream<HistoryPoint> history = !curves ? null : byUnit
                    .process(new TurnoutHistory(config.history())).returns(HistoryPoint.class)
                    .name("turnout history per 5 minutes: " + level).uid("turnout-history-" + level);
            DataStream<Finding> belowTarget = !config.unitRules().targetLevels().contains(level) ? null
                    : flushing(byUnit, new BelowTargetAtCloseDetector(config.registry(), config.unitRules()), Finding.class,
                            "detect units below target at close: " + level).uid("detect-below-target-" + level);
            return new LevelOutputs(List.of(updates), history, belowTarget);
        }

        DataStream<UnitUpdate> union() {
            DataStream<UnitUpdate> all = updates.get(0);
            for (int i = 1; i < updates.size(); i++) {
                all = all.union(updates.get(i));
            }
            return all;
        }

        LevelOutputs and(LevelOutputs upper) {
            DataStream<Finding> below = belowTarget == null ? upper.belowTarget
                    : upper.belowTarget == null ? belowTarget : belowTarget.union(upper.belowTarget);
            DataStream<HistoryPoint> curves = history == null ? upper.history
                    : upper.history == null ? history : history.union(upper.history);
            List<DataStream<UnitUpdate>> all = new java.util.ArrayList<>(updates);
            all.addAll(upper.updates);
            return new LevelOutputs(all, curves, below);
        }
    }

    /**
     * A keyed stage whose pending processing-time ticks also fire when a bounded input ends ({@link FlushAtEndOfInput}):
     * the stages that coalesce figures or curve amendments onto a tick, so a bounded run emits everything.
     */
    private static <K, I, O> SingleOutputStreamOperator<O> flushing(KeyedStream<I, K> input,
                                                                   KeyedProcessFunction<K, I, O> function,
                                                                   Class<O> type, String name) {
        return input.transform(name, TypeInformation.of(type), new FlushAtEndOfInput<>(function));
    }

    /** A unit far below its siblings at the same time, judged at the levels configured for it. */
    private static DataStream<Finding> laggingPeers(DataStream<HistoryPoint> history, TurnoutJobConfig config) {
        RegistryRef registryRef = config.registry();
        java.util.Set<String> levels = config.unitRules().peerLevels();
        return history
                .filter(new PeerLevelFilter(registryRef, levels)).name("curve points of compared levels")
                .uid("lagging-peers-levels")
                .keyBy(new ParentKey(registryRef), Types.STRING)
                .process(new LaggingPeersDetector(registryRef, config.unitRules())).returns(Finding.class)
                .name("detect units lagging their peers").uid("detect-lagging-peers");
    }
}
