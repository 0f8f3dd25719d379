package vn.election.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import vn.election.delivery.DeliveryConfig;
import vn.election.delivery.WebhookDelivery;
import vn.election.jobs.RegistryRef;
import vn.election.jobs.LocalTurnoutJob;
import vn.election.jobs.TurnoutJobConfig;
import vn.election.model.alert.AnomalyKind;
import vn.election.model.reading.Reading;
import vn.election.model.reading.ReadingCodec;
import vn.election.model.registry.Registry;
import vn.election.model.registry.Unit;
import vn.election.model.topic.TopicAdmin;
import vn.election.model.topic.Topics;

/**
 * Measurement "webhook": the real turnout job (bundled demo registry, checkpoints on disk) and the dashboard
 * module's real webhook delivery on the given broker, posting to a local {@link WebhookReceiver}; N times, one
 * over-the-list reading for a fresh polling area to the readings topic, timed from the producer's acknowledgement
 * to the first signed webhook request that lists that area's OVER_100_PERCENT alert.
 */
final class WebhookLatencyBench {

    private static final String KIND = AnomalyKind.OVER_100_PERCENT.name();
    private static final ZoneOffset VN = ZoneOffset.ofHours(7);

    /**
     * The figures: ack to webhook (total), ack to the alert record's Kafka timestamp (the job), that timestamp
     * to the webhook (the delivery, with the sink's write), the group wait used, samples that never arrived.
     */
    record Outcome(Latencies total, Latencies job, Latencies delivery, Duration groupWait, int groupDepth,
                   String groupLevel, long missed, long requests, double warmupSeconds, PhaseStats.Usage usage,
                   String busiest) {
    }

    private WebhookLatencyBench() {
    }

    /** The most samples the demo registry allows: one fresh polling area each, one more for the warm-up. */
    static int maxSamples() {
        return pollingAreas(RegistryRef.bundledDemo().load()).size() - 1;
    }

    static Outcome run(String bootstrap, String prefix, int partitions, int parallelism, int samples, Duration groupWait,
                       Duration perSample, Progress progress) throws Exception {
        RegistryRef ref = RegistryRef.bundledDemo();
        Registry registry = ref.load();
        List<String> areas = pollingAreas(registry);
        if (samples < 1 || samples + 1 > areas.size()) {
            throw new IllegalArgumentException("samples must be 1.." + (areas.size() - 1) + ", got " + samples);
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            TopicAdmin.createAll(admin, prefix, partitions, (short) 1);
        }
        String secret = "whsec_" + Base64.getEncoder().encodeToString(randomBytes(32));
        // Each polling area its own group: a sample never waits for another sample's group interval.
        int groupDepth = registry.leafDepth();
        Path checkpoints = Files.createTempDirectory("bench-webhook-checkpoints-");
        long submitted = System.nanoTime();
        JobClient job = LocalTurnoutJob.start(TurnoutJobConfig.defaults(bootstrap, ref).withTopicPrefix(prefix)
                .withParallelism(parallelism).withCheckpointDir(checkpoints.toUri().toString()));
        try (WebhookReceiver receiver = new WebhookReceiver(secret, KIND);
             WebhookDelivery delivery = WebhookDelivery.start(DeliveryConfig.defaults(bootstrap, registry, receiver.uri(), secret)
                     .withTopicPrefix(prefix).withGroupId(prefix + "webhooks").withGroupDepth(groupDepth)
                     .withTiming(groupWait, DeliveryConfig.DEFAULT_GROUP_INTERVAL, DeliveryConfig.DEFAULT_REPEAT_INTERVAL),
                     new SimpleMeterRegistry());
             AlertTopicWatcher watcher = new AlertTopicWatcher(bootstrap, Topics.ALERTS.withPrefix(prefix), KIND);
             KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
            say("  job and webhook delivery started (receiver %s, group wait %d ms, one group per %s)", receiver.uri(),
                    groupWait.toMillis(), registry.levels().get(groupDepth));

            // Until one alert has gone all the way through (job start, the delivery joining its group), nothing is measured.
            progress.start("webhook: warm-up");
            Sample warm = send(producer, prefix, registry, areas.get(0));
            if (!await(receiver, warm, Duration.ofMinutes(3), progress)) {
                throw new IllegalStateException("no webhook listed the warm-up alert of " + warm.area + " within 3 minutes ("
                        + receiver.requests() + " requests, " + receiver.rejected() + " refused: " + receiver.lastRejection() + ")");
            }
            double warmupSeconds = (System.nanoTime() - submitted) / 1e9;
            say("  warm-up alert delivered %.1f s after the job's submission (MiniCluster start, task deployment and the"
                    + " delivery's group join included)", warmupSeconds);

            Histogram total = Latencies.histogram();
            Histogram jobPart = Latencies.histogram();
            Histogram deliveryPart = Latencies.histogram();
            long missed = 0;
            PhaseStats ps = new PhaseStats();
            BusyThreads busy = BusyThreads.ofThisJvm();
            progress.start("webhook: samples");
            for (int i = 1; i <= samples; i++) {
                Sample s = send(producer, prefix, registry, areas.get(i));
                if (!await(receiver, s, perSample, progress)) {
                    missed++;
                    Latencies.record(total, System.nanoTime() - s.ackNanos);
                    say("  sample %d (%s): no webhook within %d s, counted with that age as a lower bound", i, s.area,
                            perSample.toSeconds());
                    continue;
                }
                WebhookReceiver.Arrival a = receiver.first(s.area);
                Latencies.record(total, a.nanos() - s.ackNanos);
                // The watcher may read the alert record after the delivery did; its timestamp does not depend on when.
                Long producedAt = watcher.awaitProducedAt(s.area, Duration.ofSeconds(5));
                if (producedAt != null) {
                    Latencies.record(jobPart, (producedAt - s.ackWallMillis) * 1_000_000);
                    Latencies.record(deliveryPart, (a.wallMillis() - producedAt) * 1_000_000);
                }
                int done = i;
                progress.line(() -> String.format("%d of %d samples, last %.0f ms", done, samples, (a.nanos() - s.ackNanos) / 1e6));
            }
            String busiest = busy.top(5);
            PhaseStats.Usage usage = ps.stop();
            if (receiver.rejected() > 0) {
                throw new IllegalStateException(receiver.rejected() + " webhook requests failed verification: "
                        + receiver.lastRejection());
            }
            return new Outcome(Latencies.of(total), Latencies.of(jobPart), Latencies.of(deliveryPart), groupWait,
                    groupDepth, registry.levels().get(groupDepth), missed, receiver.requests(), warmupSeconds, usage, busiest);
        } finally {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
    }

    /** One over-the-list reading as written: its polling area and when the broker acknowledged it. */
    private record Sample(String area, long ackNanos, long ackWallMillis) {
    }

    /** Writes {@code area}'s list plus one voter (so OVER_100_PERCENT fires at once) and waits for the acknowledgement. */
    private static Sample send(KafkaProducer<String, byte[]> producer, String prefix, Registry registry, String area)
            throws Exception {
        Reading r = Reading.of(area, Reading.DEFAULT_SOURCE, 1, OffsetDateTime.now(VN).withNano(0),
                registry.unit(area).registered() + 1, null);
        AtomicLong ackNanos = new AtomicLong();
        AtomicLong ackWall = new AtomicLong();
        producer.send(new ProducerRecord<>(Topics.READINGS.withPrefix(prefix).name(), area, ReadingCodec.encode(r)),
                (md, e) -> {
                    // Taken on the producer's I/O thread as the answer arrives, not when get() wakes up.
                    ackNanos.set(System.nanoTime());
                    ackWall.set(System.currentTimeMillis());
                }).get(30, TimeUnit.SECONDS);
        return new Sample(area, ackNanos.get(), ackWall.get());
    }

    private static boolean await(WebhookReceiver receiver, Sample s, Duration limit, Progress progress)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (receiver.first(s.area) == null) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            progress.line(() -> String.format("waiting for the webhook of %s (%d requests so far)", s.area, receiver.requests()));
            Thread.sleep(1);
        }
        return true;
    }

    private static List<String> pollingAreas(Registry registry) {
        List<String> out = new ArrayList<>();
        for (Unit u : registry.units()) {
            if (registry.isLeaf(u.id())) {
                out.add(u.id());
            }
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(),
                new ByteArraySerializer());
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }

    private static void say(String format, Object... args) {
        System.out.printf(format + "%n", args);
    }
}
