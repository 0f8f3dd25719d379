package vn.election.dashboard;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import vn.election.model.alert.Alert;
import vn.election.model.alert.AlertCodec;
import vn.election.model.history.HistoryPointCodec;
import vn.election.model.history.HistoryRecord;
import vn.election.model.topic.Topics;
import vn.election.model.unit.UnitSnapshot;
import vn.election.model.unit.UnitSnapshotCodec;
import vn.election.testing.SharedKafka;

/**
 * Writes unit snapshots (or raw bytes), alerts and history points to a test's own topics on the shared
 * broker, waiting for each ack.
 */
final class UnitsProducer implements AutoCloseable {

    private final String prefix;
    private final String topic;
    private final KafkaProducer<String, byte[]> producer;

    UnitsProducer(String prefix) {
        this.prefix = prefix;
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

    void sendAlert(Alert... alerts) {
        for (Alert a : alerts) {
            sendTo(Topics.ALERTS.withPrefix(prefix).name(), a.alertId(), AlertCodec.encode(a));
        }
    }

    /** Sends many alerts at once and waits for all of them: fast enough to flood a slow client. */
    void sendAlertBatch(java.util.List<Alert> alerts) {
        java.util.List<java.util.concurrent.Future<?>> sent = new java.util.ArrayList<>();
        for (Alert a : alerts) {
            sent.add(producer.send(new ProducerRecord<>(Topics.ALERTS.withPrefix(prefix).name(), a.alertId(),
                    AlertCodec.encode(a))));
        }
        producer.flush();
        for (java.util.concurrent.Future<?> f : sent) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("cannot write alerts", e.getCause());
            }
        }
    }

    void sendHistory(HistoryRecord... points) {
        for (HistoryRecord h : points) {
            sendTo(Topics.HISTORY.withPrefix(prefix).name(), h.unitId(), HistoryPointCodec.encode(h));
        }
    }

    void sendRaw(String key, byte[] value) {
        sendTo(topic, key, value);
    }

    private void sendTo(String topic, String key, byte[] value) {
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
