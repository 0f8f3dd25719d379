package vn.election.dashboard.feed;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
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
    private final KafkaProducer<String, byte[]> producer;

    public SilencePublisher(DashboardConfig config) {
        this.topic = Topics.ALERT_SILENCES.withPrefix(config.topicPrefix()).name();
        Map<String, Object> c = new HashMap<>();
        c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        c.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        // An operator waits on the answer: fail within seconds rather than retry for minutes.
        c.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        c.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        c.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        c.put(ProducerConfig.CLIENT_ID_CONFIG, "dashboard-silences");
        this.producer = new KafkaProducer<>(c, new StringSerializer(), new ByteArraySerializer());
    }

    public Future<Void> publish(AlertSilence silence) {
        Promise<Void> done = Promise.promise();
        try {
            producer.send(new ProducerRecord<>(topic, silence.id(), AlertSilenceCodec.encode(silence)), (meta, e) -> {
                if (e != null) {
                    done.tryFail(e);
                } else {
                    done.tryComplete();
                }
            });
        } catch (RuntimeException e) {
            done.tryFail(e);
        }
        return done.future();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(2));
    }
}
