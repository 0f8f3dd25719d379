package vn.election.ingest;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import vn.election.model.topic.Topic;
import vn.election.testing.SharedKafka;

/** How many records a topic of the shared broker holds now: the sum of its partitions' end offsets. */
final class TopicDrainEnd {

    private TopicDrainEnd() {
    }

    static long endOffsetsTotal(Topic<?, ?> topic) {
        return endOffsetsTotal(SharedKafka.bootstrapServers(), topic.name());
    }

    static long endOffsetsTotal(String bootstrapServers, String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            return consumer.endOffsets(partitions, Duration.ofSeconds(30)).values().stream().mapToLong(Long::longValue).sum();
        }
    }
}
