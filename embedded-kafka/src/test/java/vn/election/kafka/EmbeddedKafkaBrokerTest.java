package vn.election.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaBrokerTest {

    @Test
    void keepsRecordsAcrossARestart() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.startTemporary()) {
            produce(broker, "before");
            broker.stop();
            assertThat(broker.isRunning()).isFalse();
            broker.start();
            produce(broker, "after");
            assertThat(consumeAll(broker, 2)).containsExactly("before", "after");
        }
    }

    /**
     * Flink's Kafka source commits offsets asynchronously at its first checkpoint, with no group membership before
     * it: on a broker whose group coordinator was not yet up, that commit failed and the launcher's console showed a
     * stack trace at every start.
     */
    @Test
    void answersTheFirstOffsetCommitOnceStarted() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.startTemporary()) {
            produce(broker, "one");
            try (KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of("bootstrap.servers", broker.bootstrapServers(),
                    "group.id", "first-commit", "enable.auto.commit", "false"), new StringDeserializer(), new StringDeserializer())) {
                org.apache.kafka.common.TopicPartition tp = new org.apache.kafka.common.TopicPartition("restart-test", 0);
                c.assign(List.of(tp));
                java.util.concurrent.CompletableFuture<Exception> outcome = new java.util.concurrent.CompletableFuture<>();
                c.commitAsync(Map.of(tp, new org.apache.kafka.clients.consumer.OffsetAndMetadata(1)),
                        (offsets, e) -> outcome.complete(e));
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (!outcome.isDone() && System.nanoTime() < deadline) {
                    c.poll(Duration.ofMillis(50));   // async commit callbacks run inside poll
                }
                assertThat(outcome).isDone();
                assertThat(outcome.get()).isNull();
                assertThat(c.committed(java.util.Set.of(tp)).get(tp).offset()).isEqualTo(1);
            }
        }
    }

    private static void produce(EmbeddedKafkaBroker broker, String value) throws Exception {
        try (KafkaProducer<String, String> p = new KafkaProducer<>(Map.of("bootstrap.servers", broker.bootstrapServers(),
                "acks", "all"), new StringSerializer(), new StringSerializer())) {
            p.send(new ProducerRecord<>("restart-test", "k", value)).get();
        }
    }

    private static List<String> consumeAll(EmbeddedKafkaBroker broker, int expected) {
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of("bootstrap.servers", broker.bootstrapServers(),
                "group.id", "restart-test", "auto.offset.reset", "earliest"), new StringDeserializer(), new StringDeserializer())) {
            c.subscribe(List.of("restart-test"));
            List<String> values = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
            return values;
        }
    }
}
