package vn.election.dashboard.feed;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
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
    private final KafkaProducer<String, byte[]> producer;

    public AckPublisher(DashboardConfig config) {
        this.topic = Topics.ALERT_ACKS.withPrefix(config.topicPrefix()).name();
        Map<String, Object> c = new HashMap<>();
        c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        c.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        // An operator waits on the answer: fail within seconds rather than retry for minutes.
        c.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        c.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        c.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        c.put(ProducerConfig.CLIENT_ID_CONFIG, "dashboard-acks");
        this.producer = new KafkaProducer<>(c, new StringSerializer(), new ByteArraySerializer());
    }

    public Future<Void> publish(Acknowledgement ack) {
        Promise<Void> done = Promise.promise();
        try {
            int partition = partitionOf(ack.alertId());
            producer.send(new ProducerRecord<>(topic, partition, ack.topicKey(), AcknowledgementCodec.encode(ack)), (meta, e) -> {
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

    /** The partition Kafka's default partitioner gives the key alert_id (murmur2), where earlier records of the episode are. */
    private int partitionOf(String alertId) {
        int partitions = producer.partitionsFor(topic).size();
        return Utils.toPositive(Utils.murmur2(alertId.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(2));
    }
}
