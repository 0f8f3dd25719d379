package vn.election.dashboard.feed;

import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.utils.Utils;
import vn.election.dashboard.DashboardConfig;
import vn.election.dashboard.state.Acknowledgement;
import vn.election.dashboard.state.AcknowledgementCodec;
import vn.election.model.topic.Topics;

/**
 * Writes operators' acknowledgements to {@code turnout.alert-acks}, so every dashboard instance (every
 * screen) shows them; the future completes once the broker has the record. Each is keyed by alert_id and
 * its own id (compaction keeps every one) and written to the partition of its alert_id alone, so an
 * episode's acknowledgements keep their order, also after the records keyed by alert_id written before.
 */
public final class AckPublisher implements AutoCloseable {

    private final String topic;
    private final OperatorWrites writes;

    public AckPublisher(DashboardConfig config) {
        this.topic = Topics.ALERT_ACKS.withPrefix(config.topicPrefix()).name();
        this.writes = new OperatorWrites(config, "dashboard-acks");
    }

    public Future<Void> publish(Acknowledgement ack) {
        try {
            return writes.send(new ProducerRecord<>(topic, partitionOf(ack.alertId()), ack.topicKey(),
                    AcknowledgementCodec.encode(ack)));
        } catch (RuntimeException e) {
            return Future.failedFuture(e);   // no partitions known: Kafka unreachable
        }
    }

    /** The partition Kafka's default partitioner gives the key alert_id (murmur2), where earlier records of the episode are. */
    private int partitionOf(String alertId) {
        return Utils.toPositive(Utils.murmur2(alertId.getBytes(StandardCharsets.UTF_8))) % writes.partitions(topic);
    }

    @Override
    public void close() {
        writes.close();
    }
}
