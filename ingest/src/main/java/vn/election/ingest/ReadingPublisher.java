package vn.election.ingest;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.election.model.reading.Reading;
import vn.election.model.topic.Topic;
import vn.election.model.topic.Topics;

/**
 * Writes batches of readings to the readings topic (key: station id) with an idempotent producer,
 * completing each batch's future only when Kafka has acknowledged every record of it.
 *
 * <p>All or nothing: a Kafka write of several records cannot be atomic without transactions, and
 * transactions are not worth it here. Readings are idempotent (the latest {@code seq} of a
 * (station, source) wins downstream; a repeated one changes nothing), so when a batch fails halfway
 * the caller answers 503 and the client resends the same batch: the records that did get through
 * are then written twice, which changes nothing.
 */
public final class ReadingPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(ReadingPublisher.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    static final Duration HEALTH_INTERVAL = Duration.ofSeconds(5);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final Vertx vertx;
    private final Topic<String, Reading> topic;
    private final KafkaProducer<String, Reading> producer;
    private final Admin admin;
    private final KafkaHealthProbe health;
    // One thread: send() may block (up to max.block.ms) when metadata is missing, so it never runs
    // on an event loop; and a single thread keeps records in the order their requests were accepted.
    private final WorkerExecutor sender;

    private ReadingPublisher(Vertx vertx, String bootstrapServers, String topicPrefix) {
        this.vertx = vertx;
        this.topic = Topics.READINGS.withPrefix(topicPrefix);
        String clientId = "ingest-" + INSTANCES.incrementAndGet();
        this.producer = new KafkaProducer<>(producerConfig(bootstrapServers, clientId), topic.keySerializer(),
                topic.valueSerializer());
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, clientId + "-health"));
        this.health = new KafkaHealthProbe(vertx, admin, topic.name(), bootstrapServers);
        this.sender = vertx.createSharedWorkerExecutor(clientId + "-send", 1);
    }

    /**
     * Creates the producer (off the event loop), runs a first health check, and starts checking
     * 5 s. Succeeds even when Kafka is down: {@link #healthy()} says so.
     */
    public static Future<ReadingPublisher> start(Vertx vertx, String bootstrapServers, String topicPrefix) {
        return vertx.executeBlocking(() -> new ReadingPublisher(vertx, bootstrapServers, topicPrefix), false)
                .compose(p -> p.health.checkNow().map(status -> {
                    p.health.start(HEALTH_INTERVAL);
                    LOG.info("Publishing readings to {} at {} ({} compression); Kafka {}", p.topic.name(),
                            bootstrapServers, compression(), status.up() ? "is UP" : "is DOWN: " + status.reason());
                    return p;
                }));
    }

    /** The producer settings: idempotent, acknowledged by all in-sync replicas, bounded waits. */
    static Map<String, Object> producerConfig(String bootstrapServers, String clientId) {
        Map<String, Object> c = new HashMap<>();
        c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        c.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        c.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        // Bounded waits, so a client gets its 503 within seconds instead of hanging on a dead broker.
        c.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000);
        c.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15000);
        c.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        c.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression());
        return c;
    }

    /** lz4 when its library is on the class path (kafka-clients brings it at runtime), else none. */
    static String compression() {
        try {
            Class.forName("net.jpountz.lz4.LZ4Factory", false, ReadingPublisher.class.getClassLoader());
            return "lz4";
        } catch (ClassNotFoundException e) {
            return "none";
        }
    }

    /** The topic written to, prefix included. */
    public String topicName() {
        return topic.name();
    }

    /**
     * Sends every reading and completes with their number once Kafka has acknowledged all of them;
     * fails as soon as one fails (others may have been written; see the class comment). Fails at
     * once, without sending, while the broker is known to be unreachable.
     */
    public Future<Integer> publish(List<Reading> readings) {
        KafkaHealthProbe.Status status = health.status();
        if (!status.up()) {
            return Future.failedFuture(new KafkaUnavailableException(status.reason()));
        }
        if (readings.isEmpty()) {
            return Future.succeededFuture(0);
        }
        Context context = vertx.getOrCreateContext();
        Promise<Integer> acked = Promise.promise();
        int n = readings.size();
        AtomicInteger remaining = new AtomicInteger(n);
        AtomicBoolean failed = new AtomicBoolean();
        // Runs on the producer's I/O thread: hop back to the caller's context to complete.
        Callback callback = (metadata, error) -> {
            if (error != null) {
                if (failed.compareAndSet(false, true)) {
                    health.sendFailed(error);
                    context.runOnContext(v -> acked.tryFail(error));
                }
            } else if (remaining.decrementAndGet() == 0 && !failed.get()) {
                context.runOnContext(v -> acked.tryComplete(n));
            }
        };
        sender.executeBlocking(() -> {
            for (Reading r : readings) {
                // The record's timestamp stays the send time: with observed_at, a replay of an old
                // election would fall outside the topic's retention at once.
                producer.send(new ProducerRecord<>(topic.name(), r.stationId(), r), callback);
            }
            return null;
        }, true).onFailure(error -> {
            if (failed.compareAndSet(false, true)) {
                health.sendFailed(error);
                acked.tryFail(error);
            }
        });
        return acked.future();
    }

    /** True when the last health check reached the broker and no send has failed since. */
    public boolean healthy() {
        return health.status().up();
    }

    /** Why {@link #healthy()} is false, or null when it is true. */
    public String healthReason() {
        return health.status().reason();
    }

    /** Stops the health checks, flushes what is pending (up to 5 s) and closes the clients. */
    public Future<Void> close() {
        health.stop();
        return vertx.executeBlocking(() -> {
            producer.close(CLOSE_TIMEOUT);
            admin.close(CLOSE_TIMEOUT);
            return null;
        }, false).eventually(sender::close).mapEmpty();
    }

    /** Kafka is known to be unreachable, so nothing was sent. */
    public static final class KafkaUnavailableException extends RuntimeException {
        KafkaUnavailableException(String reason) {
            super(reason, null, false, false);
        }
    }
}
