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

/**
 * The Kafka producer behind what an operator does (acknowledge, silence): every replica has the record before
 * the future completes, and an operator waiting on the answer hears of a failure within seconds.
 */
final class OperatorWrites implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;

    OperatorWrites(DashboardConfig config, String clientId) {
        Map<String, Object> c = new HashMap<>();
        c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        c.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        // An operator waits on the answer: fail within seconds rather than retry for minutes.
        c.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        c.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        c.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        c.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        this.producer = new KafkaProducer<>(c, new StringSerializer(), new ByteArraySerializer());
    }

    /** Sends the record; the future completes once the broker has it, or fails with why. */
    Future<Void> send(ProducerRecord<String, byte[]> record) {
        Promise<Void> done = Promise.promise();
        try {
            producer.send(record, (meta, e) -> {
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

    int partitions(String topic) {
        return producer.partitionsFor(topic).size();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(2));
    }
}
