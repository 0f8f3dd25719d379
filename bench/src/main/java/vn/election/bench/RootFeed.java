package vn.election.bench;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import vn.election.model.registry.Registry;
import vn.election.model.registry.Unit;
import vn.election.model.unit.LevelCompletion;
import vn.election.model.unit.UnitSnapshot;
import vn.election.model.unit.UnitSnapshotCodec;

/**
 * Feeds a dashboard alone: writes the root unit's snapshot to the units topic at a steady cadence (as the
 * job's coalescing does), version 1, 2, 3 ..., and remembers when each version was handed to Kafka.
 */
final class RootFeed implements AutoCloseable {

    /** Versions remembered: at one per 200 ms, more than two days. */
    private static final int CAPACITY = 1 << 20;

    private final Registry registry;
    private final String topic;
    private final KafkaProducer<String, byte[]> producer;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "root-feed");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLongArray producedAt = new AtomicLongArray(CAPACITY);
    private final AtomicLong version = new AtomicLong();

    RootFeed(String bootstrap, String topic, Registry registry) {
        this.registry = registry;
        this.topic = topic;
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    void start(Duration every) {
        timer.scheduleAtFixedRate(this::next, 0, every.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void next() {
        long v = version.get() + 1;
        if (v >= CAPACITY) {
            return;
        }
        byte[] value = UnitSnapshotCodec.encode(snapshot(v));
        producedAt.set((int) v, System.nanoTime());
        producer.send(new ProducerRecord<>(topic, registry.root(), value));
        version.set(v);
    }

    /** The root with every level's totals, voted rising by 1,000 a version, as of now. */
    private UnitSnapshot snapshot(long v) {
        Unit root = registry.unit(registry.root());
        Map<String, LevelCompletion> byLevel = new LinkedHashMap<>();
        int leaf = registry.leafDepth();
        for (int depth = leaf; depth > root.depth(); depth--) {
            long total = registry.descendantsAt(root.id(), depth);
            byLevel.put(registry.levels().get(depth), new LevelCompletion(0, total, depth == leaf ? total : null));
        }
        long registered = registry.registeredTotal(root.id());
        return new UnitSnapshot(root.id(), null, root.level(), root.name(), registered, Math.min(registered, v * 1_000),
                byLevel, OffsetDateTime.now(ZoneOffset.ofHours(7)).toString(), v);
    }

    /** When version {@code v} was handed to the producer (System.nanoTime), 0 if never. */
    long producedAt(long v) {
        return v > 0 && v < CAPACITY ? producedAt.get((int) v) : 0;
    }

    long version() {
        return version.get();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        producer.close(Duration.ofSeconds(10));
    }
}
