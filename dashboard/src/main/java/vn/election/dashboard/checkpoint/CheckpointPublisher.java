package vn.election.dashboard.checkpoint;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import vn.election.model.checkpoint.CheckpointCodec;
import vn.election.model.checkpoint.CheckpointRecord;
import vn.election.model.topic.Topics;

/** Writes frozen checkpoints to {@code turnout.checkpoints}, keyed {@code unit_id@YYYY-MM-DDTHH:mm}, and waits for the broker. */
public final class CheckpointPublisher implements CheckpointFreezer.Sink, AutoCloseable {

    private final String topic;
    private final KafkaProducer<String, byte[]> producer;

    public CheckpointPublisher(String bootstrapServers, String topicPrefix) {
        this.topic = Topics.CHECKPOINTS.withPrefix(topicPrefix).name();
        Map<String, Object> c = new HashMap<>();
        c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        // Idempotent: a retried batch is not written twice and a key's records keep their order.
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        c.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        c.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        c.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
        c.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
        c.put(ProducerConfig.CLIENT_ID_CONFIG, "dashboard-checkpoints");
        this.producer = new KafkaProducer<>(c, new StringSerializer(), new ByteArraySerializer());
    }

    @Override
    public void publish(List<CheckpointRecord> records) {
        List<Future<RecordMetadata>> sent = new ArrayList<>(records.size());
        for (CheckpointRecord r : records) {
            sent.add(producer.send(new ProducerRecord<>(topic, r.key(), CheckpointCodec.encode(r))));
        }
        producer.flush();
        try {
            for (Future<RecordMetadata> f : sent) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing checkpoints", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot write checkpoints to " + topic + ": " + e.getCause(), e.getCause());
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(2));
    }
}
