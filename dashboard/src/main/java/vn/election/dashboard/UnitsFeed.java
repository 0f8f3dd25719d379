package vn.election.dashboard;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.election.model.topic.Topics;
import vn.election.model.unit.UnitSnapshot;
import vn.election.model.unit.UnitSnapshotCodec;

/**
 * The instance's one Kafka consumer: a thread that reads every partition of the units topic from the
 * beginning into the {@link UnitStore} and keeps following it, and says whether it has caught up with
 * the end offsets it saw at start and whether Kafka still answers.
 */
final class UnitsFeed {

    private static final Logger LOG = LoggerFactory.getLogger(UnitsFeed.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration CONTACT_CHECK_EVERY = Duration.ofSeconds(5);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);
    /** Long enough to ride out a broker restart, short enough that a load balancer moves away soon. */
    static final Duration UNREACHABLE_AFTER = Duration.ofSeconds(30);

    private final String topic;
    private final Map<String, Object> consumerConfig;
    private final UnitStore store;
    private final DashboardMetrics metrics;
    private final RateLimitedLog badRecordLog = new RateLimitedLog(LOG, Duration.ofSeconds(10));
    private final RateLimitedLog kafkaErrorLog = new RateLimitedLog(LOG, Duration.ofSeconds(30));
    private final CountDownLatch closed = new CountDownLatch(1);

    private KafkaConsumer<String, byte[]> consumer;
    private Thread thread;
    private volatile boolean closing;
    private volatile boolean caughtUp;
    private volatile Throwable fatal;
    private volatile long lastContactNanos;
    private volatile long lag = -1;
    private volatile String waitingFor;

    UnitsFeed(DashboardConfig config, UnitStore store, DashboardMetrics metrics) {
        this.topic = Topics.UNITS.withPrefix(config.topicPrefix()).name();
        this.store = store;
        this.metrics = metrics;
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, "dashboard-units-" + INSTANCES.incrementAndGet());
        // No group: every instance reads everything itself (DESIGN decision 7), so nothing to commit.
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Never let a consumer create the topic: it would come up without compaction.
        c.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) REQUEST_TIMEOUT.toMillis());
        c.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) (REQUEST_TIMEOUT.toMillis() * 2));
        this.consumerConfig = Map.copyOf(c);
    }

    /** Creates the consumer (so a malformed bootstrap address fails here, loudly) and starts the thread. */
    synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("units feed already started");
        }
        consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer());
        lastContactNanos = System.nanoTime();
        thread = new Thread(this::run, "units-feed-" + consumerConfig.get(ConsumerConfig.CLIENT_ID_CONFIG));
        thread.setDaemon(true);
        thread.start();
        LOG.info("Reading {} from the beginning at {}", topic, consumerConfig.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG));
    }

    /** True once everything that was in the topic when the feed started has been read. */
    boolean caughtUp() {
        return caughtUp;
    }

    /** Records still to read, as of the last check; -1 before the first. */
    long lag() {
        return lag;
    }

    String topic() {
        return topic;
    }

    HealthStatus health() {
        Throwable f = fatal;
        if (f != null) {
            return HealthStatus.down("units feed stopped: " + f);
        }
        if (thread == null || (!thread.isAlive() && !closing)) {
            return HealthStatus.down("units feed is not running");
        }
        long silentFor = System.nanoTime() - lastContactNanos;
        if (silentFor > UNREACHABLE_AFTER.toNanos()) {
            return HealthStatus.down("cannot reach Kafka at " + consumerConfig.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG)
                    + " for " + TimeUnit.NANOSECONDS.toSeconds(silentFor) + " s");
        }
        if (!caughtUp) {
            String w = waitingFor;
            return HealthStatus.down("catching up with " + Topics.UNITS.name() + (w == null ? "" : " (" + w + ")"));
        }
        return HealthStatus.UP;
    }

    /** Stops the thread and closes the consumer; blocks up to a few seconds. */
    void close() {
        Thread t;
        synchronized (this) {
            closing = true;
            t = thread;
        }
        closed.countDown();
        if (t == null) {
            return;
        }
        consumer.wakeup();
        try {
            t.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) {
            LOG.warn("Units feed thread {} did not stop within 10 s", t.getName());
        }
    }

    private void run() {
        try {
            List<TopicPartition> partitions = awaitPartitions();
            if (partitions == null) {
                return;
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> endAtStart = awaitEndOffsets(partitions);
            if (endAtStart == null) {
                return;
            }
            LOG.info("Rebuilding from {}: {} partitions, {} records at most", topic, partitions.size(),
                    endAtStart.values().stream().mapToLong(Long::longValue).sum());
            long nextCheck = System.nanoTime() + CONTACT_CHECK_EVERY.toNanos();
            while (!closing) {
                try {
                    ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
                    if (!records.isEmpty()) {
                        lastContactNanos = System.nanoTime();
                    }
                    for (ConsumerRecord<String, byte[]> r : records) {
                        apply(r);
                    }
                    if (!caughtUp && reached(endAtStart)) {
                        caughtUp = true;
                        LOG.info("Caught up with {}: {} units known", topic, store.knownUnits());
                    }
                    if (System.nanoTime() - nextCheck > 0) {
                        checkContact(partitions);
                        nextCheck = System.nanoTime() + CONTACT_CHECK_EVERY.toNanos();
                    }
                } catch (WakeupException e) {
                    throw e;
                } catch (KafkaException e) {
                    // Transient broker trouble: keep the state we have and try again.
                    kafkaErrorLog.warn("Reading " + topic + " failed, retrying", e);
                    pause();
                }
            }
        } catch (WakeupException e) {
            if (!closing) {
                fatal = e;
            }
        } catch (Throwable t) {
            fatal = t;
            LOG.error("Units feed on {} stopped; this instance no longer follows the turnout", topic, t);
        } finally {
            try {
                consumer.close(Duration.ofSeconds(2));
            } catch (RuntimeException e) {
                LOG.debug("Closing the units consumer failed", e);
            }
        }
    }

    private void apply(ConsumerRecord<String, byte[]> r) {
        if (r.value() == null) {
            // A tombstone: the registry still has the unit, so keep what we know.
            metrics.recordsInvalid.increment();
            return;
        }
        UnitSnapshot s;
        try {
            s = UnitSnapshotCodec.decode(r.value());
        } catch (RuntimeException e) {
            metrics.recordsInvalid.increment();
            badRecordLog.warn("Skipping undecodable record at " + r.topic() + "-" + r.partition() + "@" + r.offset()
                    + " (key " + r.key() + ")", e);
            return;
        }
        switch (store.offer(s)) {
            case APPLIED -> metrics.recordsApplied.increment();
            case STALE -> metrics.recordsStale.increment();
            case UNKNOWN_UNIT -> {
                metrics.recordsUnknownUnit.increment();
                badRecordLog.warn("Skipping snapshot of " + s.unitId() + " at " + r.topic() + "-" + r.partition() + "@"
                        + r.offset(), new IllegalArgumentException("unit not in this instance's registry"));
            }
        }
    }

    private boolean reached(Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
            try {
                if (consumer.position(e.getKey(), Duration.ZERO) < e.getValue()) {
                    return false;
                }
            } catch (TimeoutException notYetKnown) {
                return false;
            }
        }
        return true;
    }

    private void checkContact(List<TopicPartition> partitions) {
        try {
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, REQUEST_TIMEOUT);
            long behind = 0;
            for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
                behind += Math.max(0, e.getValue() - consumer.position(e.getKey(), REQUEST_TIMEOUT));
            }
            lag = behind;
            lastContactNanos = System.nanoTime();
        } catch (TimeoutException e) {
            kafkaErrorLog.warn("Kafka did not answer within " + REQUEST_TIMEOUT.toSeconds() + " s", e);
        }
    }

    /** Partitions of the topic, waiting until it exists; null when closed meanwhile. */
    private List<TopicPartition> awaitPartitions() {
        while (!closing) {
            try {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, REQUEST_TIMEOUT);
                lastContactNanos = System.nanoTime();
                if (infos != null && !infos.isEmpty()) {
                    waitingFor = null;
                    return infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                }
                waitingFor = "waiting for topic " + topic + " to exist";
                kafkaErrorLog.warn("Topic " + topic + " does not exist yet, waiting", null);
            } catch (TimeoutException e) {
                waitingFor = "waiting for Kafka";
                kafkaErrorLog.warn("Kafka did not answer while looking up " + topic, e);
            }
            pause();
        }
        return null;
    }

    private Map<TopicPartition, Long> awaitEndOffsets(List<TopicPartition> partitions) {
        while (!closing) {
            try {
                Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, REQUEST_TIMEOUT);
                lastContactNanos = System.nanoTime();
                lag = ends.values().stream().mapToLong(Long::longValue).sum();
                return Map.copyOf(ends);
            } catch (TimeoutException e) {
                kafkaErrorLog.warn("Kafka did not answer with the end offsets of " + topic, e);
                pause();
            }
        }
        return null;
    }

    private void pause() {
        try {
            closed.await(RETRY_AFTER.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closing = true;
        }
    }
}
