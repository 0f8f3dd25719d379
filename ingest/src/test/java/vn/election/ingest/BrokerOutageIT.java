package vn.election.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.election.ingest.IngestFixtures.REGISTRY;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.election.kafka.EmbeddedKafkaBroker;
import vn.election.model.reading.Reading;
import vn.election.model.registry.Unit;
import vn.election.model.topic.Topic;
import vn.election.model.topic.TopicAdmin;
import vn.election.model.topic.Topics;

/**
 * Stops a private real Kafka broker while clients post readings, starts it again, and checks that
 * the topic holds exactly the readings answered 202: every one of them, and nothing else.
 *
 * <p>"Nothing else" precisely: readings are idempotent by (station, source, seq), and a client
 * answered 503 (or 429) resends the same batch until it is answered 202, as {@code HttpReadingSink}
 * does. A batch answered 503 may still have been written in part (Kafka took some records before the
 * failure); its resend writes them again. So the set of (station, source, seq) keys on the topic must
 * equal the set answered 202, every record must equal the reading answered 202 under its key, and
 * the only extra records allowed are such repeats of one identical reading (counted and printed).
 * The broker is private because stopping the shared one would break the other tests of this JVM.
 */
class BrokerOutageIT {

    private static final int CLIENTS = 3;
    private static final int BATCH = 10;
    private static final Duration OUTAGE = Duration.ofSeconds(6);

    private EmbeddedKafkaBroker broker;
    private Vertx vertx;
    private IngestServer server;
    private Topic<String, Reading> topic;
    private final IngestTokens tokens = new IngestTokens();
    private final String token = tokens.generate("VN");
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() throws Exception {
        broker = EmbeddedKafkaBroker.startTemporary();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            TopicAdmin.createAll(admin, "outage.", 2, (short) 1);
        }
        topic = Topics.READINGS.withPrefix("outage.");
        vertx = Vertx.vertx();
        server = IngestServer.start(vertx, IngestFixtures.onFixtureDay(IngestConfig.defaults(broker.bootstrapServers(),
                REGISTRY).withPort(0).withTopicPrefix("outage.")), tokens).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void everyReadingAnswered202IsInTheTopicAndNothingElse() throws Exception {
        List<String> stations = StreamSupport.stream(REGISTRY.units().spliterator(), false).map(Unit::id)
                .filter(REGISTRY::isLeaf).sorted().limit(50).toList();
        Map<String, Reading> accepted = new ConcurrentHashMap<>();
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        AtomicInteger noAnswer = new AtomicInteger();
        AtomicInteger acceptedAfterRestart = new AtomicInteger();
        AtomicBoolean stopping = new AtomicBoolean();
        AtomicLong first503 = new AtomicLong();
        AtomicLong first202AfterRestart = new AtomicLong();
        AtomicLong restarted = new AtomicLong();
        long t0 = System.nanoTime();

        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            String source = "client" + c;
            running.add(clients.submit(() -> {
                long seq = 0;
                // A client stops only after its current batch is answered 202, so no batch is left half-sent.
                while (!stopping.get()) {
                    List<Reading> batch = new ArrayList<>();
                    for (int i = 0; i < BATCH; i++) {
                        seq++;
                        batch.add(Reading.of(stations.get((int) (seq % stations.size())), source, seq,
                                OffsetDateTime.parse("2021-05-23T09:00:00+07:00"), seq, null));
                    }
                    String body = "[" + String.join(",", batch.stream().map(IngestFixtures::json).toList()) + "]";
                    while (true) {
                        int status = post(body);
                        statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                        if (status == 202) {
                            batch.forEach(r -> accepted.put(key(r), r));
                            if (restarted.get() != 0) {
                                first202AfterRestart.compareAndSet(0, System.nanoTime());
                                acceptedAfterRestart.addAndGet(batch.size());
                            }
                            break;
                        }
                        if (status == 503) {
                            first503.compareAndSet(0, System.nanoTime());
                        }
                        if (status < 0) {
                            noAnswer.incrementAndGet();
                        }
                        assertThat(status).as("only 202, 429, 503 or no answer are expected").isIn(-1, 429, 503);
                        // A client honours Retry-After (1 s for 429, 2 s for 503); half of it keeps the test
                        // short and still backs off. This is the client's behaviour, not a wait in the test.
                        Thread.sleep(status == 429 ? 500 : 1000);
                    }
                }
                return null;
            }));
        }

        awaitAccepted(accepted, 300, Duration.ofSeconds(20));
        long stoppedAt = System.nanoTime();
        broker.stop();
        long stopDone = System.nanoTime();
        // The outage lasts at least OUTAGE, and on a loaded machine, where requests sent just before the
        // stop can wait it out in the producer, until a client has been told 503 (bounded).
        org.awaitility.Awaitility.await().pollDelay(OUTAGE).atMost(OUTAGE.plusSeconds(60))
                .until(() -> first503.get() != 0);
        int acceptedBeforeRestart = accepted.size();
        long startAt = System.nanoTime();
        broker.start();
        restarted.set(System.nanoTime());
        // Up to 30 s for 300 readings after the restart; the assertions below say whether service came back.
        try {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> acceptedAfterRestart.get() >= 300);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // reported by the assertion on acceptedAfterRestart below, with the counts printed first
        }
        stopping.set(true);
        for (Future<?> f : running) {
            f.get(60, TimeUnit.SECONDS);
        }
        clients.shutdownNow();

        List<ConsumerRecord<String, Reading>> records = readAll();
        Map<String, Integer> copies = new HashMap<>();
        for (ConsumerRecord<String, Reading> r : records) {
            copies.merge(key(r.value()), 1, Integer::sum);
        }
        long repeats = records.size() - copies.size();
        System.out.printf("Broker outage: answers %s, no answer %d; broker stopped %.1f s after start (stop took %.1f s), "
                        + "down %.1f s, restart took %.1f s; first 503 %.2f s after the stop began; first 202 %.2f s after "
                        + "the broker was back; %d readings answered 202 (%d before the restart), %d records on the topic "
                        + "(%d repeats of a reading from a batch answered 503 then resent)%n",
                new java.util.TreeMap<>(statuses), noAnswer.get(), seconds(stoppedAt - t0), seconds(stopDone - stoppedAt),
                seconds(startAt - stoppedAt), seconds(restarted.get() - startAt),
                first503.get() == 0 ? -1.0 : seconds(first503.get() - stoppedAt),
                first202AfterRestart.get() == 0 ? -1.0 : seconds(first202AfterRestart.get() - restarted.get()),
                accepted.size(), acceptedBeforeRestart, records.size(), repeats);

        assertThat(statuses).as("the outage was seen by the clients").containsKey(503);
        assertThat(acceptedAfterRestart.get()).as("service came back after the restart").isGreaterThan(0);
        assertThat(copies.keySet()).as("keys on the topic = keys answered 202").isEqualTo(accepted.keySet());
        assertThat(records).allSatisfy(r -> assertThat(r.value()).isEqualTo(accepted.get(key(r.value()))));
        assertThat(records).allSatisfy(r -> assertThat(r.key()).isEqualTo(r.value().stationId()));
    }

    private int post(String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/v1/readings"))
                .timeout(Duration.ofSeconds(40)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String key(Reading r) {
        return r.stationId() + "|" + r.source() + "|" + r.seq();
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static void awaitAccepted(Map<String, Reading> accepted, int n, Duration timeout) {
        org.awaitility.Awaitility.await("readings accepted before the outage").atMost(timeout)
                .until(() -> accepted.size() >= n);
    }

    /** Everything on the topic: every 202 came before this, so the end offsets now are final. */
    private List<ConsumerRecord<String, Reading>> readAll() {
        List<ConsumerRecord<String, Reading>> records = new ArrayList<>();
        try (KafkaConsumer<String, Reading> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"), topic.keyDeserializer(), topic.valueDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long total = consumer.endOffsets(partitions, Duration.ofSeconds(30)).values().stream()
                    .mapToLong(Long::longValue).sum();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < total && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            assertThat(records).as("records read up to the end offsets").hasSize((int) total);
        }
        return records;
    }
}
