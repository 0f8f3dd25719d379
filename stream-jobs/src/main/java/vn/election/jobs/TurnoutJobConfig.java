package vn.election.jobs;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import vn.election.jobs.functions.detect.DetectorConfig;
import vn.election.jobs.functions.history.HistoryConfig;
import vn.election.jobs.functions.unitrules.UnitRulesConfig;

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
 */
public record TurnoutJobConfig(String bootstrapServers, String topicPrefix, RegistryRef registry, Duration emitInterval,
                               Duration checkpointInterval, String checkpointDir, int parallelism,
                               Duration outOfOrderness, Duration idleness, UnitRulesConfig unitRules,
                               DetectorConfig detectors, HistoryConfig history) {

    public static final Duration DEFAULT_EMIT_INTERVAL = Duration.ofMillis(200);
    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(10);

    public TurnoutJobConfig {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(registry, "registry");
        topicPrefix = topicPrefix == null ? "" : topicPrefix;
        unitRules = unitRules == null ? UnitRulesConfig.defaults() : unitRules;
        detectors = detectors == null ? DetectorConfig.defaults() : detectors;
        history = history == null ? HistoryConfig.defaults() : history;
        require(!emitInterval.isNegative() && !emitInterval.isZero(), "emitInterval must be positive");
        require(!checkpointInterval.isNegative() && !checkpointInterval.isZero(), "checkpointInterval must be positive");
        require(parallelism >= 1, "parallelism must be at least 1, got " + parallelism);
    }

    /** Defaults for everything but where Kafka and the registry are. */
    public static TurnoutJobConfig defaults(String bootstrapServers, RegistryRef registry) {
        return new TurnoutJobConfig(bootstrapServers, "", registry, DEFAULT_EMIT_INTERVAL, DEFAULT_CHECKPOINT_INTERVAL,
                null, 2, Duration.ofMinutes(1), Duration.ofMinutes(1), UnitRulesConfig.defaults(),
                DetectorConfig.defaults(), HistoryConfig.defaults());
    }

    public TurnoutJobConfig withTopicPrefix(String prefix) {
        return new TurnoutJobConfig(bootstrapServers, prefix, registry, emitInterval, checkpointInterval, checkpointDir,
                parallelism, outOfOrderness, idleness, unitRules, detectors, history);
    }

    public TurnoutJobConfig withCheckpointDir(String dir) {
        return new TurnoutJobConfig(bootstrapServers, topicPrefix, registry, emitInterval, checkpointInterval, dir,
                parallelism, outOfOrderness, idleness, unitRules, detectors, history);
    }

    public TurnoutJobConfig withParallelism(int p) {
        return new TurnoutJobConfig(bootstrapServers, topicPrefix, registry, emitInterval, checkpointInterval,
                checkpointDir, p, outOfOrderness, idleness, unitRules, detectors, history);
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
                UnitRulesConfig.defaults(), DetectorConfig.fromArgs(args),
                HistoryConfig.defaults());
    }

    private static Duration duration(Map<String, String> args, String key, Duration fallback) {
        String v = args.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Duration.parse(v.startsWith("P") ? v : "PT" + v.toUpperCase());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--" + key + ": expected a duration like 250ms, 10s or PT1M, got " + v);
        }
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
