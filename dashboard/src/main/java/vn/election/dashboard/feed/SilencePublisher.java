package vn.election.dashboard.feed;

import io.vertx.core.Future;
import org.apache.kafka.clients.producer.ProducerRecord;
import vn.election.dashboard.DashboardConfig;
import vn.election.model.alert.AlertSilence;
import vn.election.model.alert.AlertSilenceCodec;
import vn.election.model.topic.Topics;

/**
 * Writes silences (created, or ended early) to {@code turnout.alert-silences}, keyed by their id, so every dashboard
 * instance and the webhook delivery apply them; the future completes once the broker has the record.
 */
public final class SilencePublisher implements AutoCloseable {

    private final String topic;
    private final OperatorWrites writes;

    public SilencePublisher(DashboardConfig config) {
        this.topic = Topics.ALERT_SILENCES.withPrefix(config.topicPrefix()).name();
        this.writes = new OperatorWrites(config, "dashboard-silences");
    }

    public Future<Void> publish(AlertSilence silence) {
        return writes.send(new ProducerRecord<>(topic, silence.id(), AlertSilenceCodec.encode(silence)));
    }

    @Override
    public void close() {
        writes.close();
    }
}
