package vn.election.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import vn.election.model.reading.InvalidReadingException;
import vn.election.model.reading.Reading;
import vn.election.model.reading.ReadingCodec;
import vn.election.model.registry.Registry;
import vn.election.model.registry.Unit;

/**
 * The peer: the same roll-up in Kafka Streams (latest seq per station and source, sum per station, then
 * one KTable re-grouping per level up to the root), in-memory stores with changelogs, writing
 * unit id → voted to its own topic; timed like the job, to the exact national total at the root.
 */
final class KafkaStreamsPeer {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(KafkaStreamsPeer.class);

    /** Seconds from start to the exact total, and from the first output record to it. */
    record Outcome(double seconds, double secondsAfterFirstOutput) {
    }

    private KafkaStreamsPeer() {
    }

    /** The topology: readings → station state → station totals → one re-grouped sum per level → output topic. */
    static Topology topology(Registry registry, String readingsTopic, String outputTopic) {
        Map<String, String> parent = new HashMap<>();
        for (Unit u : registry.units()) {
            if (u.parentId() != null) {
                parent.put(u.id(), u.parentId());
            }
        }
        StreamsBuilder b = new StreamsBuilder();
        KTable<String, Long> level = b.stream(readingsTopic, Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .mapValues(KafkaStreamsPeer::decodeOrNull)
                .filter((station, r) -> r != null && registry.isLeaf(r.stationId()))
                .groupByKey(Grouped.with(Serdes.String(), readingSerde()))
                .aggregate(StationState::new, (station, r, state) -> state.apply(r),
                        Materialized.<String, StationState>as(Stores.inMemoryKeyValueStore("station-state"))
                                .withKeySerde(Serdes.String()).withValueSerde(StationState.serde()))
                .mapValues(StationState::total, store("station-total"));
        level.toStream().to(outputTopic, Produced.with(Serdes.String(), Serdes.Long()));
        for (int depth = registry.leafDepth() - 1; depth >= 0; depth--) {
            level = level.groupBy((unit, voted) -> KeyValue.pair(parent.get(unit), voted), Grouped.with("level-" + depth,
                            Serdes.String(), Serdes.Long()))
                    .reduce(Long::sum, (agg, old) -> agg - old, store("sum-depth-" + depth));
            level.toStream().to(outputTopic, Produced.with(Serdes.String(), Serdes.Long()));
        }
        return b.build();
    }

    static Outcome run(Registry registry, String bootstrap, String readingsTopic, String prefix, int threads,
                       Duration commitInterval, long expected, Duration timeout, Progress progress) throws IOException {
        String output = prefix + "peer.units";
        Path stateDir = Files.createTempDirectory("bench-streams-");
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, prefix + "peer");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        // The analogue of the job's 200 ms coalescing: the record cache is flushed downstream on commit.
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitInterval.toMillis());
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        // The same producer settings as the job's sinks.
        p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), "10");
        p.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
        LongDeserializer longs = new LongDeserializer();
        long start = System.nanoTime();
        try (KafkaStreams streams = new KafkaStreams(topology(registry, readingsTopic, output), p)) {
            streams.setUncaughtExceptionHandler(e -> {
                LOG.error("Kafka Streams peer failed", e);
                return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            });
            streams.start();
            TotalWatcher.Seen seen = TotalWatcher.await(bootstrap, output, registry.root(),
                    v -> longs.deserialize(output, v), expected, start, timeout, "peer (Kafka Streams)", progress);
            Outcome out = new Outcome((seen.exactTotalNanos() - start) / 1e9,
                    (seen.exactTotalNanos() - seen.firstOutputNanos()) / 1e9);
            streams.close(Duration.ofSeconds(30));
            return out;
        }
    }

    private static Materialized<String, Long, KeyValueStore<Bytes, byte[]>> store(String name) {
        return Materialized.<String, Long>as(Stores.inMemoryKeyValueStore(name))
                .withKeySerde(Serdes.String()).withValueSerde(Serdes.Long());
    }

    private static org.apache.kafka.common.serialization.Serde<Reading> readingSerde() {
        return Serdes.serdeFrom((t, r) -> r == null ? null : ReadingCodec.encode(r), (t, bytes) -> decodeOrNull(bytes));
    }

    private static Reading decodeOrNull(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            return ReadingCodec.decode(bytes);
        } catch (InvalidReadingException e) {
            return null;
        }
    }
}
