package vn.election.dashboard;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import vn.election.model.topic.Topics;
import vn.election.model.unit.UnitSnapshot;
import vn.election.model.unit.UnitSnapshotCodec;
import vn.election.testing.SharedKafka;

/** Writes unit snapshots (or raw bytes) to a test's own units topic on the shared broker, waiting for each ack. */
final class UnitsProducer implements AutoCloseable {

    private final String topic;
    private final KafkaProducer<String, byte[]> producer;

    UnitsProducer(String prefix) {
        this.topic = Topics.UNITS.withPrefix(prefix).name();
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(), new ByteArraySerializer());
    }

    void send(UnitSnapshot... snapshots) {
        for (UnitSnapshot s : snapshots) {
            sendRaw(s.unitId(), UnitSnapshotCodec.encode(s));
        }
    }

    void sendRaw(String key, String value) {
        sendRaw(key, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    void sendRaw(String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot write to " + topic, e.getCause());
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
