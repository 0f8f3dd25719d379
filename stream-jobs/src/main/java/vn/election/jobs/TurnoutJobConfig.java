package vn.election.jobs;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import vn.election.model.alert.AlertRule;
import vn.election.model.alert.AlertRuleCodec;
import java.util.Objects;
import vn.election.jobs.functions.detect.DetectorConfig;
import vn.election.jobs.functions.history.HistoryConfig;
import vn.election.jobs.functions.unitrules.UnitRulesConfig;
import vn.election.model.targets.TurnoutTargets;

/**
 * Settings of the turnout job, each with a default.
 *
 * @param bootstrapServers Kafka to read readings from and write figures to
 * @param topicPrefix prefix of every topic name ("" in production; tests use a fresh one)
 * @param emitInterval at most one update per unit per interval of processing time
 * @param checkpointInterval how often state is checkpointed (exactly-once state)
 * @param checkpointDir URI of checkpoint storage, or null to keep checkpoints in memory
 * @param parallelism operator parallelism
 * @param unitRules settings of the unit-level anomaly rules
 * @param detectors settings of the station-level anomaly detectors
 * @param history settings of the turnout history (bucket width)
 * @param rules the alert rules in force at start (default: the bundled ones); changes arrive on turnout.alert-rules
 * @param pipeline which hot path the job runs: the sharded one (default) or the classic per-unit one
 */
public record TurnoutJobConfig(String bootstrapServers, String topicPrefix, RegistryRef registry, Duration emitInterval,
                               Duration checkpointInterval, String checkpointDir, int parallelism,
                               Duration outOfOrderness, Duration idleness, UnitRulesConfig unitRules,
                               DetectorConfig detectors, HistoryConfig history, List<AlertRule> rules,
                               Pipeline pipeline) {

    public static final Duration DEFAULT_EMIT_INTERVAL = Duration.ofMillis(200);
    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(30);

    /**
     * The job's hot path. {@code SHARDED}: one keyed stage per registry shard owns the polling areas and the
     * levels down to them, with output on an aligned tick (docs/design.md). {@code CLASSIC}: one keyed stage
     * per polling area and per unit, kept runnable so the bench measures both in one run.
     */
    public enum Pipeline { SHARDED, CLASSIC }

    public TurnoutJobConfig {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(registry, "registry");
        topicPrefix = topicPrefix == null ? "" : topicPrefix;
        unitRules = unitRules == null ? UnitRulesConfig.defaults() : unitRules;
        detectors = detectors == null ? DetectorConfig.defaults() : detectors;
        history = history == null ? HistoryConfig.defaults() : history;
        pipeline = pipeline == null ? Pipeline.SHARDED : pipeline;
        // The rules in force at start; changes arrive at run time on turnout.alert-rules.
        rules = List.copyOf(rules == null ? AlertRuleCodec.bundledDefaults() : rules);
        require(!emitInterval.isNegative() && !emitInterval.isZero(), "emitInterval must be positive");
        require(!checkpointInterval.isNegative() && !checkpointInterval.isZero(), "checkpointInterval must be positive");
        require(parallelism >= 1, "parallelism must be at least 1, got " + parallelism);
    }

    /** Defaults for everything but where Kafka and the registry are. */
    public static TurnoutJobConfig defaults(String bootstrapServers, RegistryRef registry) {
        return new TurnoutJobConfig(bootstrapServers, "", registry, DEFAULT_EMIT_INTERVAL, DEFAULT_CHECKPOINT_INTERVAL,
                null, 2, Duration.ofMinutes(1), Duration.ofMinutes(1), UnitRulesConfig.defaults(),
                DetectorConfig.defaults(), HistoryConfig.defaults(), null, null);
    }

    public TurnoutJobConfig withEmitInterval(Duration value) {
        return new TurnoutJobConfig(bootstrapServers, topicPrefix, registry, value, checkpointInterval, checkpointDir,
                parallelism, outOfOrderness, idleness, unitRules, detectors, history, rules, pipeline);
    }

    public TurnoutJobConfig withTopicPrefix(String prefix) {
        return new TurnoutJobConfig(bootstrapServers, prefix, registry, emitInterval, checkpointInterval, checkpointDir,
                parallelism, outOfOrderness, idleness, unitRules, detectors, history, rules, pipeline);
    }

    public TurnoutJobConfig withCheckpointDir(String dir) {
        return new TurnoutJobConfig(bootstrapServers, topicPrefix, registry, emitInterval, checkpointInterval, dir,
                parallelism, outOfOrderness, idleness, unitRules, detectors, history, rules, pipeline);
    }

    /** The same job starting with these alert rules instead of the bundled ones. */
    public TurnoutJobConfig withRules(List<AlertRule> value) {
        return new TurnoutJobConfig(bootstrapServers, topicPrefix, registry, emitInterval, checkpointInterval,
                checkpointDir, parallelism, outOfOrderness, idleness, unitRules, detectors, history, value, pipeline);
    }

    /** Reads a rules file (a JSON array, AlertRuleCodec); a broken one is refused naming the rule and field. */
    public static List<AlertRule> rulesFile(String path) {
        try {
            return AlertRuleCodec.decodeAll(java.nio.file.Files.readAllBytes(java.nio.file.Path.of(path)));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("--rules: cannot read " + path + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--rules " + path + ": " + e.getMessage(), e);
        }
    }

    public TurnoutJobConfig withParallelism(int p) {
        return new TurnoutJobConfig(bootstrapServers, topicPrefix, registry, emitInterval, checkpointInterval,
                checkpointDir, p, outOfOrderness, idleness, unitRules, detectors, history, rules, pipeline);
    }

    /** The same job with another idleness: how long a source partition without readings may hold the watermark back. */
    public TurnoutJobConfig withIdleness(Duration value) {
        return new TurnoutJobConfig(bootstrapServers, topicPrefix, registry, emitInterval, checkpointInterval,
                checkpointDir, parallelism, outOfOrderness, value, unitRules, detectors, history, rules, pipeline);
    }

    /** The same job judging units at close against these targets. */
    public TurnoutJobConfig withTargets(TurnoutTargets value) {
        return new TurnoutJobConfig(bootstrapServers, topicPrefix, registry, emitInterval, checkpointInterval,
                checkpointDir, parallelism, outOfOrderness, idleness, unitRules.withTargets(value), detectors, history, rules,
                pipeline);
    }

    /** The same job on the other hot path (the bench runs both on the same readings). */
    public TurnoutJobConfig withPipeline(Pipeline value) {
        return new TurnoutJobConfig(bootstrapServers, topicPrefix, registry, emitInterval, checkpointInterval,
                checkpointDir, parallelism, outOfOrderness, idleness, unitRules, detectors, history, rules, value);
    }

    /**
     * Reads the job's settings from named parameters ({@code --bootstrap-servers}, {@code --registry},
     * ...), as passed to a job jar submitted to a Flink cluster.
     */
    public static TurnoutJobConfig fromArgs(Map<String, String> args) {
        String bootstrap = args.get("bootstrap-servers");
        String registry = args.get("registry");
        if (bootstrap == null || registry == null) {
            throw new IllegalArgumentException("the job needs --bootstrap-servers HOST:PORT and --registry FILE (or 'demo')");
        }
        RegistryRef ref = registry.equals("demo") ? RegistryRef.bundledDemo() : RegistryRef.file(java.nio.file.Path.of(registry));
        return new TurnoutJobConfig(bootstrap, args.getOrDefault("topic-prefix", ""), ref,
                duration(args, "emit-interval", DEFAULT_EMIT_INTERVAL), duration(args, "checkpoint-interval",
                DEFAULT_CHECKPOINT_INTERVAL), args.get("checkpoint-dir"),
                Integer.parseInt(args.getOrDefault("parallelism", "2")),
                duration(args, "out-of-orderness", Duration.ofMinutes(1)), duration(args, "idleness", Duration.ofMinutes(1)),
                unitRules(args, ref), DetectorConfig.fromArgs(args),
                HistoryConfig.defaults().withPollingAreas(bool(args, "history-polling-areas"))
                        .withAmendWindow(duration(args, "history-amend-window", HistoryConfig.DEFAULT_AMEND_WINDOW)),
                args.containsKey("rules") ? rulesFile(args.get("rules")) : null, pipeline(args));
    }

    /** The unit rules' defaults with the targets of {@code --targets FILE} (read here, so a bad file stops the submit). */
    private static UnitRulesConfig unitRules(Map<String, String> args, RegistryRef registry) {
        String file = args.get("targets");
        if (file == null) {
            return UnitRulesConfig.defaults();
        }
        return UnitRulesConfig.defaults().withTargets(TurnoutTargets.load(java.nio.file.Path.of(file), registry.load(),
                TurnoutTargets.DEFAULT_PCT));
    }

    private static Pipeline pipeline(Map<String, String> args) {
        String v = args.getOrDefault("pipeline", "sharded");
        return switch (v) {
            case "sharded" -> Pipeline.SHARDED;
            case "classic" -> Pipeline.CLASSIC;
            default -> throw new IllegalArgumentException("--pipeline: expected sharded or classic, got " + v);
        };
    }

    private static Duration duration(Map<String, String> args, String key, Duration fallback) {
        String v = args.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            if (v.endsWith("ms")) {
                // Duration.parse has no milliseconds unit: "PT250MS" is refused.
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            return Duration.parse(v.startsWith("P") ? v : "PT" + v.toUpperCase());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--" + key + ": expected a duration like 250ms, 10s or PT1M, got " + v);
        }
    }

    private static boolean bool(Map<String, String> args, String key) {
        String v = args.getOrDefault(key, "false");
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException("--" + key + ": expected true or false, got " + v);
        }
        return v.equals("true");
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
