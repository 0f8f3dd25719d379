package vn.election.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.election.model.alert.Alert;
import vn.election.model.alert.AlertSilence;
import vn.election.model.alert.AlertSilenceCodec;
import vn.election.model.registry.Registry;

/**
 * The silences operators set on the dashboard: a thread with its own consumer (no group, nothing committed) reads
 * every partition of {@code turnout.alert-silences} from the beginning and keeps following, keeping the latest record
 * of each silence not over yet; answers which one mutes an alert now. A topic that does not exist yet is waited for.
 */
final class TopicSilences implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TopicSilences.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration RETRY = Duration.ofSeconds(2);

    private final String topic;
    private final Registry registry;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<String, AlertSilence> silences = new ConcurrentHashMap<>();
    private final Thread thread;
    private final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
    private volatile boolean closing;

    TopicSilences(String bootstrapServers, String topic, Registry registry) {
        this.topic = topic;
        this.registry = registry;
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, "webhook-silences-" + INSTANCES.incrementAndGet());
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Never let a consumer create the topic: it would come up without compaction.
        c.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        this.consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::run, "webhook-silences-" + topic);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Silences read so far that are not over yet (in force or scheduled). */
    int size() {
        return silences.size();
    }

    /** A silence of the topic muting {@code alert} at {@code now}; those over by now are forgotten on the way. */
    Optional<AlertSilence> muting(Alert alert, Instant now) {
        silences.values().removeIf(s -> s.endedBy(now));
        for (AlertSilence s : silences.values()) {
            if (s.mutes(alert, registry, now)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    private void run() {
        try {
            List<TopicPartition> partitions = awaitPartitions();
            if (partitions == null) {
                return;
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            LOG.info("Reading silences from {} ({} partitions)", topic, partitions.size());
            while (!closing) {
                try {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
                        apply(r);
                    }
                } catch (WakeupException e) {
                    throw e;
                } catch (KafkaException e) {
                    LOG.warn("Reading {} failed, retrying: {}", topic, e.toString());
                    pause();
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (Throwable t) {
            LOG.error("Reading silences from {} stopped; the silences read so far stay in force until they end", topic, t);
        } finally {
            try {
                consumer.close(Duration.ofSeconds(2));
            } catch (RuntimeException e) {
                LOG.debug("Closing the silences consumer failed", e);
            }
        }
    }

    private void apply(ConsumerRecord<String, byte[]> r) {
        if (r.value() == null) {
            silences.remove(r.key());
            return;
        }
        AlertSilence s;
        try {
            s = AlertSilenceCodec.decode(r.value());
        } catch (IllegalArgumentException e) {
            LOG.warn("Skipping a silence that does not decode at {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
            return;
        }
        if (s.endedBy(Instant.now())) {
            // Over (ended, or expired early): it never mutes again, so the topic's history is not kept in memory.
            silences.remove(s.id());
            return;
        }
        // An expiry is never undone by an older creation (same key, one partition: only on a repeated write).
        silences.merge(s.id(), s, (old, next) -> old.expiredAt() != null && next.expiredAt() == null ? old : next);
    }

    private List<TopicPartition> awaitPartitions() {
        boolean warned = false;
        while (!closing) {
            try {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
                if (infos != null && !infos.isEmpty()) {
                    return infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                }
                if (!warned) {
                    LOG.warn("Topic {} does not exist yet; only the silences file applies until it does", topic);
                    warned = true;
                }
            } catch (WakeupException e) {
                return null;
            } catch (KafkaException e) {
                LOG.debug("Looking up {} failed: {}", topic, e.toString());
            }
            pause();
        }
        return null;
    }

    private void pause() {
        try {
            closed.await(RETRY.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closing = true;
        }
    }

    @Override
    public void close() {
        closing = true;
        closed.countDown();
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
