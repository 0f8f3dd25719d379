package vn.election.field.feed;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import vn.election.model.reading.Reading;
import vn.election.model.topic.Topic;
import vn.election.model.topic.Topics;

/** Sends simulated readings straight to the readings topic (idempotent producer, all replicas acknowledge). */
public final class KafkaReadingSink implements ReadingSink {

    private final KafkaProducer<String, Reading> producer;
    private final Topic<String, Reading> topic;
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    public KafkaReadingSink(String bootstrapServers, String topicPrefix) {
        this.topic = Topics.READINGS.withPrefix(topicPrefix);
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 10,
                // Bounded waits: a dead broker fails a replay within a minute instead of hanging it.
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"), topic.keySerializer(), topic.valueSerializer());
    }

    @Override
    public void send(Reading reading) {
        throwIfFailed();
        producer.send(new ProducerRecord<>(topic.name(), reading.stationId(), reading), (meta, e) -> {
            if (e != null) {
                failure.compareAndSet(null, e);
            }
        });
    }

    /** Waits for every reading sent so far; throws if Kafka refused any of them. */
    @Override
    public void flush() {
        producer.flush();
        throwIfFailed();
    }

    private void throwIfFailed() {
        Exception earlier = failure.get();
        if (earlier != null) {
            throw new IllegalStateException("Kafka did not take a reading: " + earlier.getMessage(), earlier);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
