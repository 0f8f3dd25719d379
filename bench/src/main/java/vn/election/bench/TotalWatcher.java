package vn.election.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.function.ToLongFunction;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Utils;

/**
 * Reads the partition of an output topic that holds the root unit's key from its start until the root's record
 * shows exactly the expected national total; returns when that record was seen and when that partition's first
 * output record was seen.
 */
final class TotalWatcher {

    /** Nanosecond timestamps (System.nanoTime) of the first output record and of the exact total. */
    record Seen(long firstOutputNanos, long exactTotalNanos, long lastTotal) {
    }

    private TotalWatcher() {
    }

    static Seen await(String bootstrap, String topic, String rootId, ToLongFunction<byte[]> voted, long expected,
                      long startNanos, Duration timeout, String phase, Progress progress) {
        return await(bootstrap, topic, rootId, voted, expected, startNanos, timeout, phase, progress, () -> { });
    }

    /**
     * As above, calling {@code alive} about once a second while waiting: it throws to give up early, e.g. when
     * the job producing the topic has failed, instead of waiting for the timeout.
     */
    static Seen await(String bootstrap, String topic, String rootId, ToLongFunction<byte[]> voted, long expected,
                      long startNanos, Duration timeout, String phase, Progress progress, Runnable alive) {
        byte[] rootKey = rootId.getBytes(StandardCharsets.UTF_8);
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        long deadline = startNanos + timeout.toNanos();
        long first = 0;
        long total = 0;
        long nextCheck = System.nanoTime() + 1_000_000_000L;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            // Only the root's partition: the job and the peer both key their output by unit id with the producer's
            // default partitioner (murmur2 of the key). Reading every partition made this watcher, in the
            // measured JVM, decode each pass's million-odd unit records beside the job it measures.
            List<TopicPartition> all = awaitPartitions(consumer, topic, deadline);
            List<TopicPartition> parts = List.of(new TopicPartition(topic, partitionOf(rootKey, all.size())));
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            while (true) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(phase + ": the root " + rootId + " shows " + total + " of "
                            + expected + " voters after " + timeout);
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                    if (first == 0) {
                        first = System.nanoTime();
                    }
                    if (r.key() != null && r.value() != null && Arrays.equals(r.key(), rootKey)) {
                        total = voted.applyAsLong(r.value());
                        if (total == expected) {
                            return new Seen(first, System.nanoTime(), total);
                        }
                        if (total > expected) {
                            throw new IllegalStateException(phase + ": the root shows " + total + " voters, more than the "
                                    + expected + " expected");
                        }
                    }
                }
                progress.tick(phase, total, expected);
                if (System.nanoTime() > nextCheck) {
                    alive.run();
                    nextCheck = System.nanoTime() + 1_000_000_000L;
                }
            }
        }
    }

    /** The partition the producer's default partitioner gives a keyed record: murmur2 of the key bytes. */
    static int partitionOf(byte[] key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key)) % partitions;
    }

    /** The sink's topic may not exist yet (Kafka Streams creates its output lazily): wait for it. */
    private static List<TopicPartition> awaitPartitions(KafkaConsumer<byte[], byte[]> consumer, String topic, long deadline) {
        while (System.nanoTime() < deadline) {
            var infos = consumer.listTopics(Duration.ofSeconds(5)).get(topic);
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        throw new IllegalStateException("topic " + topic + " never appeared");
    }
}
