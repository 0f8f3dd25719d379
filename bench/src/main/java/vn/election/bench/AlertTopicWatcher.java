package vn.election.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import vn.election.model.alert.Alert;
import vn.election.model.topic.Topic;

/**
 * Reads the alerts topic from its start with a plain consumer (no group) and keeps, per unit, the Kafka
 * timestamp of the first firing alert of one kind: the moment the job's sink produced it, which splits
 * reading-to-webhook into the job's part and the delivery's part.
 */
final class AlertTopicWatcher implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final Topic<String, Alert> topic;
    private final String kind;
    private final Map<String, Long> producedAtByUnit = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean closing;

    AlertTopicWatcher(String bootstrap, Topic<String, Alert> topic, String kind) {
        this.topic = topic;
        this.kind = kind;
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50), new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> parts = consumer.partitionsFor(topic.name()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
        thread = new Thread(this::run, "alert-topic-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (!closing) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    if (r.value() == null) {
                        continue;
                    }
                    Alert a;
                    try {
                        a = topic.valueDeserializer().deserialize(topic.name(), r.value());
                    } catch (RuntimeException e) {
                        continue;   // not ours to judge; the delivery counts it as invalid
                    }
                    if (a != null && kind.equals(a.kind()) && a.state() == Alert.State.FIRING) {
                        producedAtByUnit.putIfAbsent(a.unitId(), r.timestamp());
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /** The Kafka timestamp (wall-clock millis) of the unit's first firing alert, or null if none was read yet. */
    Long producedAt(String unitId) {
        return producedAtByUnit.get(unitId);
    }

    /** {@link #producedAt}, waiting at most {@code limit} for the watcher to read it. */
    Long awaitProducedAt(String unitId, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        Long at;
        while ((at = producedAt(unitId)) == null && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        return at;
    }

    @Override
    public void close() throws InterruptedException {
        closing = true;
        consumer.wakeup();
        thread.join(5_000);
    }
}
