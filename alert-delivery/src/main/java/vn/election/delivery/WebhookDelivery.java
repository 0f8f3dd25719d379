package vn.election.delivery;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.election.model.alert.Alert;
import vn.election.model.alert.AlertCodec;
import vn.election.model.topic.Topics;

/**
 * The webhook delivery service: one thread with a Kafka consumer in a consumer group reads the alerts
 * topic, groups the alerts ({@link AlertGrouper}), drops silenced ones (the silences file's and the silences topic's,
 * {@link TopicSilences}), posts signed group notifications
 * to the receivers and retries each with backoff until every receiver answered 2xx; an offset is
 * committed only once every record below it was delivered or dropped, so a restart re-reads and re-sends
 * what was pending, with the same {@code webhook-id}.
 *
 * <p>After an assignment the partitions are read from the beginning: records below the committed offset
 * only rebuild the state (what is firing and was notified), records from it on are delivered.
 */
public final class WebhookDelivery implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookDelivery.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static final Duration POLL = Duration.ofMillis(50);
    private static final long COMMIT_EVERY_MS = 200;
    private static final long SILENCES_CHECK_EVERY_MS = 5_000;
    private static final long SETTLE_ON_CLOSE_MS = 3_000;

    /**
     * One notification being delivered: who still has to answer 2xx, with the share of it each is sent
     * (the whole notification, unless routes give a receiver only some of its alerts), and when to try next.
     */
    private static final class Delivery {
        final GroupNotification notification;
        final Map<URI, GroupNotification> remaining;
        int attempts;
        long nextAt;
        boolean inFlight;

        Delivery(GroupNotification notification, Map<URI, GroupNotification> perReceiver, long now) {
            this.notification = notification;
            this.remaining = new LinkedHashMap<>(perReceiver);
            this.nextAt = now;
        }
    }

    /** The outcomes of one attempt, handed back to the delivery thread. */
    private record Finished(Delivery delivery, List<WebhookSender.Outcome> outcomes, int generation) {
    }

    private final DeliveryConfig config;
    private final WebhookRoutes routes;
    private final String topic;
    private final AlertGrouper grouper;
    private final OffsetTracker tracker = new OffsetTracker();
    private final Backoff backoff;
    private final WebhookSender sender;
    private final DeliveryMetrics metrics;
    private final KafkaConsumer<String, byte[]> consumer;
    private final List<Delivery> deliveries = new ArrayList<>();
    private final ConcurrentLinkedQueue<Finished> finished = new ConcurrentLinkedQueue<>();
    private final Map<Integer, Long> restoreUntil = new HashMap<>();
    private final Thread thread;
    private int generation;
    private long lastCommitAt;
    private Silences silences;
    private final TopicSilences topicSilences;
    private long silencesModified = -1;
    private long nextSilencesCheck;
    private volatile boolean closing;
    private volatile Throwable fatal;
    private volatile int pendingRecords;
    private volatile int inFlight;

    private WebhookDelivery(DeliveryConfig config, MeterRegistry registry) {
        this.config = config;
        this.routes = config.routes();
        this.topic = Topics.ALERTS.withPrefix(config.topicPrefix()).name();
        this.grouper = new AlertGrouper(config.registry(), config.groupDepth(), config.groupWait(),
                config.groupInterval(), config.repeatInterval());
        this.backoff = new Backoff(config.backoffInitial(), config.backoffMax(), new SplittableRandom());
        this.metrics = new DeliveryMetrics(registry);
        this.silences = config.silencesFile() == null ? Silences.none()
                : Silences.load(config.silencesFile(), config.registry());
        this.silencesModified = modified(config.silencesFile());
        this.topicSilences = new TopicSilences(config.bootstrapServers(),
                Topics.ALERT_SILENCES.withPrefix(config.topicPrefix()).name(), config.registry());
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, "webhooks-" + INSTANCES.incrementAndGet());
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // Eager assignment: every rebalance revokes everything, and the state is rebuilt from the committed offsets.
        c.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName());
        c.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        this.consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
        this.sender = new WebhookSender(WebhookSigner.fromSecret(config.secret()), config.requestTimeout(), Instant::now);
        metrics.gauge("dashboard.webhooks.pending", "Alert records read but not yet delivered or dropped",
                () -> pendingRecords);
        metrics.gauge("dashboard.webhooks.in.flight", "Group notifications being delivered or waiting to retry",
                () -> inFlight);
        this.thread = new Thread(this::run, "webhooks-" + config.groupId());
        thread.setDaemon(true);
    }

    /**
     * Starts delivering; throws {@link IllegalArgumentException} for a bad silences file and
     * {@link KafkaException} for a bad Kafka configuration. Meters go to {@code registry}.
     */
    public static WebhookDelivery start(DeliveryConfig config, MeterRegistry registry) {
        WebhookDelivery d = new WebhookDelivery(config, registry);
        d.topicSilences.start();
        d.thread.start();
        LOG.info("Delivering {} to {} (consumer group {}, grouped by {} with wait {}, interval {}, repeat {})",
                d.topic, d.routes.receivers(), config.groupId(), config.registry().levels().get(config.groupDepth()),
                config.groupWait(), config.groupInterval(), config.repeatInterval());
        return d;
    }

    /** Alert records read but not yet delivered or dropped. */
    public int pendingRecords() {
        return pendingRecords;
    }

    /** Notifications being delivered or waiting for a retry. */
    public int inFlight() {
        return inFlight;
    }

    /** Silences read from the silences topic that are not over yet. */
    public int topicSilences() {
        return topicSilences.size();
    }

    /** False once the delivery thread died (the reason is logged). */
    public boolean running() {
        return fatal == null && thread.isAlive();
    }

    private void run() {
        try {
            consumer.subscribe(List.of(topic), new Rebalance());
            while (!closing) {
                try {
                    loopOnce();
                } catch (WakeupException e) {
                    if (!closing) {
                        throw e;
                    }
                } catch (KafkaException e) {
                    LOG.warn("Reading {} failed, retrying: {}", topic, e.toString());
                    Thread.sleep(1000);
                }
            }
            settleInFlight();
            commit(true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (WakeupException e) {
            // closing
        } catch (Throwable t) {
            fatal = t;
            LOG.error("Webhook delivery stopped; alerts are kept in Kafka and delivered after a restart", t);
        } finally {
            try {
                consumer.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.debug("Closing the webhook consumer failed", e);
            }
        }
    }

    private void loopOnce() {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
            handle(r, System.currentTimeMillis());
        }
        long now = System.currentTimeMillis();
        reloadSilences(now);
        for (Finished f; (f = finished.poll()) != null; ) {
            finish(f, now);
        }
        for (GroupNotification n : grouper.due(now)) {
            Map<URI, GroupNotification> perReceiver = routes.split(n, config.registry());
            if (perReceiver.isEmpty()) {
                // No route wants any of it: done, as a silenced alert is, so its offsets move on.
                grouper.delivered(n, now).forEach(tracker::release);
                metrics.unrouted.increment();
                LOG.info("No route for {}: {} {} alert(s) of {} not sent", n.webhookId(), n.count(),
                        n.key().state().wire(), n.key().text());
                continue;
            }
            deliveries.add(new Delivery(n, perReceiver, now));
        }
        for (Delivery d : deliveries) {
            if (!d.inFlight && now >= d.nextAt) {
                attempt(d, now);
            }
        }
        if (now - lastCommitAt >= COMMIT_EVERY_MS) {
            commit(false);
            lastCommitAt = now;
        }
        pendingRecords = tracker.pending();
        inFlight = deliveries.size();
    }

    /**
     * On close: lets the attempts already on the wire finish (a few seconds at most) and records their
     * outcome, so a notification the receiver accepted just before the stop is committed and not sent
     * again by the next owner.
     */
    private void settleInFlight() throws InterruptedException {
        long until = System.currentTimeMillis() + SETTLE_ON_CLOSE_MS;
        while (deliveries.stream().anyMatch(d -> d.inFlight) && System.currentTimeMillis() < until) {
            for (Finished f; (f = finished.poll()) != null; ) {
                finish(f, System.currentTimeMillis());
            }
            Thread.sleep(10);
        }
        for (Finished f; (f = finished.poll()) != null; ) {
            finish(f, System.currentTimeMillis());
        }
    }

    private void handle(ConsumerRecord<String, byte[]> r, long now) {
        RecordRef ref = new RecordRef(r.partition(), r.offset());
        if (r.value() == null) {
            tracker.read(ref);
            metrics.read("tombstone");
            return;
        }
        Alert alert;
        try {
            alert = AlertCodec.decode(r.value());
        } catch (IllegalArgumentException e) {
            tracker.read(ref);
            metrics.read("invalid");
            LOG.warn("Skipping an alert record that does not decode at {}-{}@{}: {}", r.topic(), r.partition(),
                    r.offset(), e.getMessage());
            return;
        }
        if (r.offset() < restoreUntil.getOrDefault(r.partition(), 0L)) {
            tracker.read(ref);
            grouper.offer(alert, ref, r.timestamp(), AlertGrouper.Mode.RESTORE, now);
            metrics.read("restore");
            return;
        }
        Instant at = Instant.ofEpochMilli(now);
        // The file's silences and the operators' from the dashboard, each as read by now.
        boolean silenced = alert.state() != Alert.State.PENDING
                && (silences.muting(alert, config.registry(), at).isPresent() || topicSilences.muting(alert, at).isPresent());
        tracker.track(ref);
        grouper.offer(alert, ref, r.timestamp(), silenced ? AlertGrouper.Mode.DROP : AlertGrouper.Mode.DELIVER, now)
                .forEach(tracker::release);
        if (silenced) {
            metrics.silenced.increment();
        }
        metrics.read(silenced ? "silenced" : alert.state() == Alert.State.PENDING ? "pending" : "deliver");
    }

    private void attempt(Delivery d, long now) {
        d.inFlight = true;
        d.attempts++;
        GroupNotification n = d.notification;
        if (d.attempts == 1 && n.oldestRecordMillis() >= 0) {
            metrics.latency(Duration.ofMillis(Math.max(0, now - n.oldestRecordMillis())));
        }
        List<CompletableFuture<WebhookSender.Outcome>> posts = new ArrayList<>();
        for (Map.Entry<URI, GroupNotification> share : d.remaining.entrySet()) {
            posts.add(sender.post(share.getKey(), share.getValue()));
            metrics.attempts.increment();
        }
        int gen = generation;
        CompletableFuture.allOf(posts.toArray(CompletableFuture[]::new)).whenComplete((v, e) ->
                finished.add(new Finished(d, posts.stream().map(CompletableFuture::join).toList(), gen)));
    }

    private void finish(Finished f, long now) {
        if (f.generation() != generation) {
            return;   // the partitions were reassigned meanwhile; the state was rebuilt
        }
        Delivery d = f.delivery();
        d.inFlight = false;
        GroupNotification n = d.notification;
        for (WebhookSender.Outcome o : f.outcomes()) {
            GroupNotification share = d.remaining.getOrDefault(o.receiver(), n);
            if (o.ok()) {
                d.remaining.remove(o.receiver());
                continue;
            }
            metrics.failure(o.status() >= 0 ? "status_" + (o.status() / 100) + "xx" : o.timeout() ? "timeout" : "error");
            if (o.refused()) {
                LOG.error("Webhook receiver {} REFUSED notification {} ({} {} alerts of {}) with HTTP {}, attempt {}: "
                        + "check its URL and secret; the alerts are kept and retried until it answers 2xx",
                        o.receiver(), share.webhookId(), share.count(), n.key().state().wire(), n.key().text(), o.status(),
                        d.attempts);
            } else {
                LOG.warn("Webhook receiver {} failed notification {} ({}), attempt {}; retrying",
                        o.receiver(), share.webhookId(), o.describe(), d.attempts);
            }
        }
        if (d.remaining.isEmpty()) {
            deliveries.remove(d);
            grouper.delivered(n, now).forEach(tracker::release);
            metrics.sent.increment();
            LOG.info("Delivered {}: {} {} alert(s) of {} after {} attempt(s)", n.webhookId(), n.count(),
                    n.key().state().wire(), n.key().text(), d.attempts);
        } else {
            d.nextAt = now + backoff.delay(d.attempts).toMillis();
        }
    }

    private void commit(boolean closing) {
        Map<Integer, Long> offsets = tracker.toCommit();
        if (offsets.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
        offsets.forEach((p, o) -> commits.put(new TopicPartition(topic, p), new OffsetAndMetadata(o)));
        try {
            consumer.commitSync(commits, Duration.ofSeconds(5));
            tracker.committed(offsets);
        } catch (WakeupException e) {
            if (!closing) {
                throw e;
            }
        } catch (KafkaException e) {
            LOG.warn("Committing delivered offsets of {} failed (they are committed later, or re-delivered): {}",
                    topic, e.toString());
        }
    }

    private void reset() {
        generation++;
        grouper.clear();
        tracker.clear();
        deliveries.clear();
        restoreUntil.clear();
        pendingRecords = 0;
        inFlight = 0;
    }

    private void reloadSilences(long now) {
        Path file = config.silencesFile();
        if (file == null || now < nextSilencesCheck) {
            return;
        }
        nextSilencesCheck = now + SILENCES_CHECK_EVERY_MS;
        long m = modified(file);
        if (m == silencesModified) {
            return;
        }
        silencesModified = m;
        try {
            silences = Silences.load(file, config.registry());
            LOG.info("Silences reloaded from {}: {} silence(s)", file, silences.all().size());
        } catch (IllegalArgumentException e) {
            LOG.error("Keeping the previous silences: {}", e.getMessage());
        }
    }

    private static long modified(Path file) {
        try {
            return file == null ? -1 : Files.getLastModifiedTime(file).toMillis();
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    /** Stops the thread after committing what was delivered; what is still pending is re-read by the next owner. */
    @Override
    public void close() {
        closing = true;
        consumer.wakeup();
        try {
            thread.join(15_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("Webhook delivery thread did not stop within 15 s");
        }
        topicSilences.close();
        sender.close();
    }

    /** Rebuilds the state after every assignment; all on the delivery thread, inside poll. */
    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                commit(true);
            }
            reset();
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            reset();
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            reset();
            if (partitions.isEmpty()) {
                return;
            }
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(partitions),
                    Duration.ofSeconds(30));
            for (TopicPartition tp : partitions) {
                OffsetAndMetadata c = committed.get(tp);
                long start = c == null ? 0 : c.offset();
                restoreUntil.put(tp.partition(), start);
                tracker.assign(tp.partition(), start);
            }
            consumer.seekToBeginning(partitions);
            LOG.info("Assigned {}: rebuilding from the beginning, delivering from {}", partitions, restoreUntil);
        }
    }
}
