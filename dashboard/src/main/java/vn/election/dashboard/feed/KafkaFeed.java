package vn.election.dashboard.feed;

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
import vn.election.dashboard.RateLimitedLog;

/**
 * The instance's one Kafka consumer: a thread that reads every partition of the followed topics (units,
 * alerts, acknowledgements, history) from the beginning, hands each record to its topic's
 * {@link FeedHandler} and keeps following; it says whether it has caught up with the end offsets it
 * saw at start and whether Kafka still answers.
 */
public final class KafkaFeed {

    /** What to do with one record of one followed topic; called on the feed thread only. */
    @FunctionalInterface
    interface FeedHandler {
        void apply(ConsumerRecord<String, byte[]> record);
    }

    private static final Logger LOG = LoggerFactory.getLogger(KafkaFeed.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration CONTACT_CHECK_EVERY = Duration.ofSeconds(5);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);
    /** Long enough to ride out a broker restart, short enough that a load balancer moves away soon. */
    static final Duration UNREACHABLE_AFTER = Duration.ofSeconds(30);

    private final Map<String, FeedHandler> handlers;
    private final Map<String, Object> consumerConfig;
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

    /** @param handlers the full name (with its prefix) of each followed topic, to its handler */
    public KafkaFeed(String bootstrapServers, Map<String, FeedHandler> handlers) {
        this.handlers = Map.copyOf(handlers);
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, "dashboard-feed-" + INSTANCES.incrementAndGet());
        // No group: every instance reads everything itself (docs/design.md, decision 7), so nothing to commit.
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Never let a consumer create the topic: it would come up without compaction.
        c.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) REQUEST_TIMEOUT.toMillis());
        c.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        c.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) (REQUEST_TIMEOUT.toMillis() * 2));
        this.consumerConfig = Map.copyOf(c);
    }

    /** Creates the consumer (so a malformed bootstrap address fails here, loudly) and starts the thread. */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("Kafka feed already started");
        }
        consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer());
        lastContactNanos = System.nanoTime();
        thread = new Thread(this::run, "feed-" + consumerConfig.get(ConsumerConfig.CLIENT_ID_CONFIG));
        thread.setDaemon(true);
        thread.start();
        LOG.info("Reading {} from the beginning at {}", topics(), consumerConfig.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG));
    }

    /** True once everything that was in the topic when the feed started has been read. */
    public boolean caughtUp() {
        return caughtUp;
    }

    /** Records still to read, as of the last check; -1 before the first. */
    public long lag() {
        return lag;
    }

    /** The followed topics, sorted, for messages. */
    public String topics() {
        return String.join(", ", new java.util.TreeSet<>(handlers.keySet()));
    }

    public HealthStatus health() {
        Throwable f = fatal;
        if (f != null) {
            return HealthStatus.down("Kafka feed stopped: " + f);
        }
        if (thread == null || (!thread.isAlive() && !closing)) {
            return HealthStatus.down("Kafka feed is not running");
        }
        long silentFor = System.nanoTime() - lastContactNanos;
        if (silentFor > UNREACHABLE_AFTER.toNanos()) {
            return HealthStatus.down("cannot reach Kafka at " + consumerConfig.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG)
                    + " for " + TimeUnit.NANOSECONDS.toSeconds(silentFor) + " s");
        }
        if (!caughtUp) {
            String w = waitingFor;
            return HealthStatus.down("catching up with " + topics() + (w == null ? "" : " (" + w + ")"));
        }
        return HealthStatus.UP;
    }

    /** Stops the thread and closes the consumer; blocks up to a few seconds. */
    public void close() {
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
            LOG.warn("Kafka feed thread {} did not stop within 10 s", t.getName());
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
            LOG.info("Rebuilding from {}: {} partitions, {} records at most", topics(), partitions.size(),
                    endAtStart.values().stream().mapToLong(Long::longValue).sum());
            long nextCheck = System.nanoTime() + CONTACT_CHECK_EVERY.toNanos();
            while (!closing) {
                try {
                    ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
                    if (!records.isEmpty()) {
                        lastContactNanos = System.nanoTime();
                    }
                    for (ConsumerRecord<String, byte[]> r : records) {
                        handlers.get(r.topic()).apply(r);
                    }
                    if (!caughtUp && reached(endAtStart)) {
                        caughtUp = true;
                        LOG.info("Caught up with {}", topics());
                    }
                    if (System.nanoTime() - nextCheck > 0) {
                        checkContact(partitions);
                        nextCheck = System.nanoTime() + CONTACT_CHECK_EVERY.toNanos();
                    }
                } catch (WakeupException e) {
                    throw e;
                } catch (KafkaException e) {
                    // Transient broker trouble: keep the state we have and try again.
                    kafkaErrorLog.warn("Reading " + topics() + " failed, retrying", e);
                    pause();
                }
            }
        } catch (WakeupException e) {
            if (!closing) {
                fatal = e;
            }
        } catch (Throwable t) {
            fatal = t;
            LOG.error("Kafka feed on {} stopped; this instance no longer follows the turnout", topics(), t);
        } finally {
            try {
                consumer.close(Duration.ofSeconds(2));
            } catch (RuntimeException e) {
                LOG.debug("Closing the feed's consumer failed", e);
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

    /** Partitions of every followed topic, waiting until each exists; null when closed meanwhile. */
    private List<TopicPartition> awaitPartitions() {
        List<TopicPartition> all = new java.util.ArrayList<>();
        for (String topic : new java.util.TreeSet<>(handlers.keySet())) {
            List<TopicPartition> some = awaitPartitions(topic);
            if (some == null) {
                return null;
            }
            all.addAll(some);
        }
        waitingFor = null;
        return all;
    }

    private List<TopicPartition> awaitPartitions(String topic) {
        while (!closing) {
            try {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, REQUEST_TIMEOUT);
                lastContactNanos = System.nanoTime();
                if (infos != null && !infos.isEmpty()) {
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
                kafkaErrorLog.warn("Kafka did not answer with the end offsets of " + topics(), e);
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
