package vn.election.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import vn.election.model.topic.Topic;

/** Reads a topic of the shared broker from the start, until a condition on everything read holds. */
public final class TopicDrain {

    private TopicDrain() {
    }

    /**
     * Reads {@code topic} from the beginning until {@code done} accepts the records read so far, or
     * {@code timeout} passes; returns what was read either way (the caller asserts on it).
     */
    public static <K, V> List<ConsumerRecord<K, V>> readUntil(Topic<K, V> topic, Predicate<List<ConsumerRecord<K, V>>> done,
                                                              Duration timeout) {
        List<ConsumerRecord<K, V>> records = new ArrayList<>();
        try (KafkaConsumer<K, V> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"), topic.keyDeserializer(), topic.valueDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!done.test(records) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
        }
        return records;
    }

    /** Reads {@code topic} from the beginning until no record has come for {@code quiet}, or {@code timeout} passes. */
    public static <K, V> List<ConsumerRecord<K, V>> readUntilQuiet(Topic<K, V> topic, Duration quiet, Duration timeout) {
        int[] seen = {-1};
        long[] quietSince = {System.nanoTime()};
        return readUntil(topic, records -> {
            if (records.size() != seen[0]) {
                seen[0] = records.size();
                quietSince[0] = System.nanoTime();
            }
            return System.nanoTime() - quietSince[0] > quiet.toNanos();
        }, timeout);
    }
}
