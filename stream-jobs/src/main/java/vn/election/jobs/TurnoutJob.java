package vn.election.jobs;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import vn.election.jobs.io.EncodedSnapshotSerializer;
import vn.election.jobs.io.KeyedTopicSerializer;
import vn.election.jobs.io.ReadingDeserializer;
import vn.election.jobs.io.RuleChangeDeserializer;
import vn.election.jobs.records.AlertRuleChange;
import vn.election.jobs.records.HistoryPoint;
import vn.election.jobs.io.UnitSnapshotSerializer;
import vn.election.jobs.records.DecodedRecord;
import vn.election.model.alert.Alert;
import vn.election.model.correction.Correction;
import vn.election.model.reading.RejectedReading;
import vn.election.model.topic.Topics;

/**
 * The turnout job: readings from Kafka through {@link TurnoutPipeline} to the compacted units topic
 * and the rejected topic. Only wiring and settings live here; every operator is a class in functions/.
 */
public final class TurnoutJob {

    public static final String NAME = "election-day turnout";

    /**
     * Key groups of every keyed stage, fixed so shard keys stay balanced and savepoints restorable whatever the
     * parallelism (up to this many slots).
     */
    public static final int MAX_PARALLELISM = 128;

    /** How long a network buffer may wait for more records before it is sent. */
    public static final long BUFFER_TIMEOUT_MILLIS = 20;

    private TurnoutJob() {
    }

    /** Entry point on a Flink cluster: {@code --bootstrap-servers H:P --registry FILE [--topic-prefix P] ...}. */
    public static void main(String[] args) throws Exception {
        TurnoutJobConfig config = TurnoutJobConfig.fromArgs(parseArgs(args));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flinkConfiguration(config));
        define(env, config);
        env.execute(NAME);
    }

    /**
     * Flink settings the job relies on: exactly-once checkpoints, a bounded restart strategy (the
     * default with checkpointing retries forever, so a broken job would hang instead of failing),
     * retained checkpoints, and no silent fallback to Kryo for our records.
     */
    public static Configuration flinkConfiguration(TurnoutJobConfig config) {
        Configuration conf = new Configuration();
        // Bounded by rate, not in total: a job that keeps failing stops within minutes, while a day with
        // a lost TaskManager now and then (the cluster's failover test kills three) keeps running.
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "failure-rate");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FAILURE_RATE_MAX_FAILURES_PER_INTERVAL, 10);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FAILURE_RATE_FAILURE_RATE_INTERVAL, java.time.Duration.ofMinutes(10));
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FAILURE_RATE_DELAY, java.time.Duration.ofSeconds(2));
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        // The shard stage changes its state value in place after reading it: safe with the heap backend,
        // which copies a value a running checkpoint still holds before handing it out (ShardState).
        conf.set(org.apache.flink.configuration.StateBackendOptions.STATE_BACKEND, "hashmap");
        if (config.checkpointDir() != null) {
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, config.checkpointDir());
            conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                    ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        }
        return conf;
    }

    /** Adds the job's sources, pipeline and sinks to {@code env}. */
    public static void define(StreamExecutionEnvironment env, TurnoutJobConfig config) {
        runtimeSettings(env, config);
        env.enableCheckpointing(config.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);

        // Start from the earliest reading unless restoring: the job's state is rebuilt from the
        // whole topic, never from committed offsets without the state that went with them.
        KafkaSource<DecodedRecord> source = KafkaSource.<DecodedRecord>builder()
                .setBootstrapServers(config.bootstrapServers())
                .setTopics(Topics.READINGS.withPrefix(config.topicPrefix()).name())
                .setGroupId(config.topicPrefix() + "turnout-job")
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(new ReadingDeserializer())
                .setProperty("partition.discovery.interval.ms", "30000")
                .build();
        DataStream<DecodedRecord> decoded = env.fromSource(source, TurnoutPipeline.watermarks(config), "readings")
                .uid("readings-source").name("readings from Kafka");

        // Rule changes at run time: the compacted topic from its start, so a (re)started job applies the
        // rules in force over the ones it was started with.
        KafkaSource<AlertRuleChange> rules = KafkaSource.<AlertRuleChange>builder()
                .setBootstrapServers(config.bootstrapServers())
                .setTopics(Topics.ALERT_RULES.withPrefix(config.topicPrefix()).name())
                .setGroupId(config.topicPrefix() + "turnout-job-rules")
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(new RuleChangeDeserializer())
                .build();
        DataStream<AlertRuleChange> ruleChanges = env.fromSource(rules, RuleChangeDeserializer.watermarks(), "alert rules")
                .setParallelism(1).uid("rules-source").name("alert rule changes from Kafka");

        TurnoutPipeline.Outputs out = TurnoutPipeline.wire(decoded, ruleChanges, config);

        String prefix = config.topicPrefix();
        // One sink per stage that makes figures, chained onto it: the shard stage's snapshots (most of them)
        // never cross the network before Kafka. The first keeps the uid the single sink had.
        if (out.encodedUnits() != null) {
            out.encodedUnits().sinkTo(sink(config, new EncodedSnapshotSerializer(Topics.UNITS.withPrefix(prefix).name())))
                    .name("shard units to Kafka").uid("units-sink-shard");
        }
        for (int i = 0; i < out.unitStreams().size(); i++) {
            out.unitStreams().get(i).sinkTo(sink(config, new UnitSnapshotSerializer(Topics.UNITS.withPrefix(prefix).name(),
                    config.registry()))).name(i == 0 ? "units to Kafka" : "units to Kafka (" + i + ")")
                    .uid(i == 0 ? "units-sink" : "units-sink-" + i);
        }
        out.rejected().sinkTo(sink(config, KeyedTopicSerializer.<RejectedReading, byte[]>to(Topics.REJECTED, prefix, r -> null, RejectedReading::encode)))
                .name("rejected to Kafka").uid("rejected-sink");
        out.alerts().sinkTo(sink(config, KeyedTopicSerializer.to(Topics.ALERTS, prefix, Alert::alertId)))
                .name("alerts to Kafka").uid("alerts-sink");
        out.history().sinkTo(sink(config, KeyedTopicSerializer.to(Topics.HISTORY, prefix, HistoryPoint::unitId, HistoryPoint::toRecord)))
                .name("history to Kafka").uid("history-sink");
        out.corrections().sinkTo(sink(config, KeyedTopicSerializer.to(Topics.CORRECTIONS, prefix, Correction::stationId)))
                .name("corrections to Kafka").uid("corrections-sink");
    }

    /**
     * How the pipeline runs, whatever its sources and sinks (the job's; a test's with a finite source): parallelism,
     * fixed key groups, buffer timeout, object reuse. Checkpointing is the job's own.
     */
    public static void runtimeSettings(StreamExecutionEnvironment env, TurnoutJobConfig config) {
        env.setParallelism(config.parallelism());
        env.setMaxParallelism(MAX_PARALLELISM);
        // A network buffer leaves when full or after this long: Flink's 100 ms default would be a fifth of the
        // 500 ms budget from ingest to screen at low rates; at high rates buffers fill long before.
        env.setBufferTimeout(BUFFER_TIMEOUT_MILLIS);
        // Every record type of the job is an immutable Java record and no operator keeps or changes its
        // inputs, so chained operators may share one instance instead of each getting a deep copy.
        env.getConfig().enableObjectReuse();
    }

    /**
     * At-least-once on purpose: every output is an absolute value with a version, or an alert with a
     * deterministic id, so a repeat is harmless, while an exactly-once sink would hide results until each
     * checkpoint commits.
     */
    private static <T> KafkaSink<T> sink(TurnoutJobConfig config, KafkaRecordSerializationSchema<T> serializer) {
        Properties producer = new Properties();
        // Batches sized for the rate: at tens of thousands of snapshots a second the default 16 KB batch holds
        // about 40 records, and starting each batch's lz4 frame (a 64 KB block buffer) was a third of the
        // sink's time in the profile. 20 ms of lingering is far inside the latency budget.
        producer.setProperty("linger.ms", "20");
        producer.setProperty("batch.size", String.valueOf(256 * 1024));
        producer.setProperty("compression.type", "lz4");
        return KafkaSink.<T>builder()
                .setBootstrapServers(config.bootstrapServers())
                .setRecordSerializer(serializer)
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setKafkaProducerConfig(producer)
                .build();
    }

    static Map<String, String> parseArgs(String[] args) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
            }
            map.put(args[i].substring(2), args[++i]);
        }
        return map;
    }
}
