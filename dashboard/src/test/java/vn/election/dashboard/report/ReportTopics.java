package vn.election.dashboard.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import vn.election.model.history.HistoryPointCodec;
import vn.election.model.history.HistoryRecord;
import vn.election.model.topic.Topics;
import vn.election.model.unit.UnitSnapshot;
import vn.election.model.unit.UnitSnapshotCodec;
import vn.election.testing.SharedKafka;

/** Writes unit snapshots and curve points to a test's own topics on the shared broker, as the turnout job would. */
final class ReportTopics implements AutoCloseable {

    private final String prefix;
    private final KafkaProducer<String, byte[]> producer;
    private final List<java.util.concurrent.Future<?>> pending = new ArrayList<>();

    ReportTopics(String prefix) {
        this.prefix = prefix;
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    }

    void snapshot(UnitSnapshot s) {
        send(Topics.UNITS.withPrefix(prefix).name(), s.unitId(), UnitSnapshotCodec.encode(s));
    }

    void point(HistoryRecord h) {
        pending.add(producer.send(new ProducerRecord<>(Topics.HISTORY.withPrefix(prefix).name(), h.unitId(),
                HistoryPointCodec.encode(h))));
    }

    /** Waits until every point sent so far is in Kafka; fails if one was refused. */
    void flush() {
        producer.flush();
        try {
            for (java.util.concurrent.Future<?> f : pending) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot write a curve point", e.getCause());
        }
        pending.clear();
    }

    private void send(String topic, String key, byte[] value) {
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
