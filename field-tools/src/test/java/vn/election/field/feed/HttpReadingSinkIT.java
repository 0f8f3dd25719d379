package vn.election.field.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.election.field.feed.CountingReadingSink.DeliveryCounts;
import vn.election.field.feed.HttpSinkException.Kind;
import vn.election.ingest.IngestConfig;
import vn.election.ingest.IngestServer;
import vn.election.ingest.IngestTokens;
import vn.election.model.reading.Reading;
import vn.election.model.registry.Registry;
import vn.election.model.registry.RegistryLoader;
import vn.election.model.topic.Topic;
import vn.election.model.topic.Topics;
import vn.election.testing.Readings;
import vn.election.testing.SharedKafka;
import vn.election.testing.TopicDrain;

/** The HTTP sink against a real ingest server (port 0) on the shared real broker, fresh topics per test. */
@ExtendWith(VertxExtension.class)
class HttpReadingSinkIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Registry REGISTRY = RegistryLoader.bundledDemo();
    /** Polling areas of Quảng Ninh (VN-22) and one of Hà Nội (VN-01), from the demo registry. */
    private static final List<String> QN = List.of("VN-22-001-00001-001", "VN-22-001-00001-002", "VN-22-001-00002-001");
    private static final String HN_1 = "VN-01-001-00001-001";
    private static final String UNKNOWN = "VN-99-001-00001-001";

    private final IngestTokens tokens = new IngestTokens();
    private final String rootToken = tokens.generate("VN");
    private final List<IngestServer> servers = new ArrayList<>();
    private Vertx vertx;
    private String prefix;
    private Topic<String, Reading> readingsTopic;

    @BeforeEach
    void setUp(Vertx vertx, TestInfo info) {
        this.vertx = vertx;
        prefix = SharedKafka.freshPrefix(info.getTestMethod().orElseThrow().getName());
        readingsTopic = Topics.READINGS.withPrefix(prefix);
    }

    @AfterEach
    void stopServers() throws Exception {
        for (IngestServer s : servers) {
            s.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void deliversEveryReadingInBatchesAndTheyAreOnTheTopic() throws Exception {
        IngestServer server = start(config());
        List<Reading> sent = readings(1203);

        try (HttpReadingSink sink = new HttpReadingSink(sinkConfig(server, rootToken))) {
            sent.forEach(sink::send);
            sink.flush();

            assertThat(sink.counts()).isEqualTo(new DeliveryCounts(1203, 0, 0, 0, List.of()));
        }
        List<ConsumerRecord<String, Reading>> records = TopicDrain.readUntil(readingsTopic, r -> r.size() >= 1203, WAIT);
        assertThat(records).extracting(ConsumerRecord::value).containsExactlyInAnyOrderElementsOf(sent);
    }

    @Test
    void refusesOnlyTheBadReadingsOfABatchAndDeliversTheRest() throws Exception {
        IngestServer server = start(config());
        List<Reading> good = readings(8);
        Reading unknown = Readings.reading(UNKNOWN, 1, 10, 60);
        Reading negative = Reading.of(QN.get(1), "mobile", 1, OffsetDateTime.parse("2021-05-23T09:00:00+07:00"), -1, null);
        List<Reading> batch = new ArrayList<>(good);
        batch.add(3, unknown);
        batch.add(7, negative);

        try (HttpReadingSink sink = new HttpReadingSink(sinkConfig(server, rootToken))) {
            batch.forEach(sink::send);
            sink.flush();

            DeliveryCounts counts = sink.counts();
            assertThat(counts.accepted()).isEqualTo(8);
            assertThat(counts.refused()).isEqualTo(2);
            assertThat(counts.failed()).isZero();
            assertThat(counts.refusedReasons()).containsExactlyInAnyOrder(
                    UNKNOWN + " main seq 1: station_id: unknown polling area " + UNKNOWN,
                    QN.get(1) + " mobile seq 1: voted: must be at least 0, got -1");
        }
        List<ConsumerRecord<String, Reading>> records = TopicDrain.readUntil(readingsTopic, r -> r.size() >= 8, WAIT);
        assertThat(records).extracting(ConsumerRecord::value).containsExactlyInAnyOrderElementsOf(good);
    }

    @Test
    void refusesOnlyTheReadingsOutsideTheTokensScope() throws Exception {
        IngestServer server = start(config());
        String quangNinh = tokens.generate("VN-22");
        List<Reading> inside = readings(3);
        Reading outside = Readings.reading(HN_1, 1, 10, 60);

        try (HttpReadingSink sink = new HttpReadingSink(sinkConfig(server, quangNinh))) {
            sink.send(inside.get(0));
            sink.send(outside);
            sink.send(inside.get(1));
            sink.send(inside.get(2));
            sink.flush();

            assertThat(sink.counts().accepted()).isEqualTo(3);
            assertThat(sink.counts().refused()).isEqualTo(1);
            assertThat(sink.counts().refusedReasons()).singleElement().asString()
                    .isEqualTo(HN_1 + " main seq 1: station_id: " + HN_1 + " is outside the scope of your token (unit VN-22)");
        }
    }

    @Test
    void findsEveryBadReadingEvenBeyondTheHundredErrorsOneAnswerLists() throws Exception {
        IngestServer server = start(config());
        List<Reading> batch = new ArrayList<>();
        List<Reading> good = new ArrayList<>();
        for (int i = 1; i <= 400; i++) {
            boolean bad = i % 2 == 0 && i <= 300;
            Reading r = Readings.reading(bad ? UNKNOWN : QN.get(i % 3), i, i, 60);
            batch.add(r);
            if (!bad) {
                good.add(r);
            }
        }

        try (HttpReadingSink sink = new HttpReadingSink(sinkConfig(server, rootToken).withBatchSize(400))) {
            batch.forEach(sink::send);
            sink.flush();

            assertThat(sink.counts().accepted()).isEqualTo(250);
            assertThat(sink.counts().refused()).isEqualTo(150);
            assertThat(sink.counts().refusedReasons()).hasSize(DeliveryCounts.MAX_REASONS)
                    .allSatisfy(reason -> assertThat(reason).contains("unknown polling area"));
        }
        List<ConsumerRecord<String, Reading>> records = TopicDrain.readUntil(readingsTopic, r -> r.size() >= 250, WAIT);
        assertThat(records).extracting(ConsumerRecord::value).containsExactlyInAnyOrderElementsOf(good);
    }

    @Test
    void splitsABatchLargerThanTheServerTakes() throws Exception {
        IngestServer server = start(config().withMaxBatch(100));
        List<Reading> sent = readings(250);

        try (HttpReadingSink sink = new HttpReadingSink(sinkConfig(server, rootToken).withBatchSize(250))) {
            sent.forEach(sink::send);
            sink.flush();

            assertThat(sink.counts().accepted()).isEqualTo(250);
            assertThat(sink.counts().refused()).isZero();
        }
        assertThat(TopicDrain.readUntil(readingsTopic, r -> r.size() >= 250, WAIT)).extracting(ConsumerRecord::value)
                .containsExactlyInAnyOrderElementsOf(sent);
    }

    @Test
    void failsFastAndClearlyOnAWrongToken() throws Exception {
        IngestServer server = start(config());

        try (HttpReadingSink sink = new HttpReadingSink(sinkConfig(server, IngestTokens.newToken()))) {
            readings(3).forEach(sink::send);

            assertThatThrownBy(sink::flush).isInstanceOfSatisfying(HttpSinkException.class,
                            e -> assertThat(e.kind()).isEqualTo(Kind.TOKEN_REFUSED))
                    .hasMessage("token refused by ingest at " + sink.endpoint()
                            + " (HTTP 401: Authorization: unknown or revoked token)");
            assertThat(sink.counts()).isEqualTo(new DeliveryCounts(0, 0, 3, 0, List.of()));
            assertThatThrownBy(() -> sink.send(readings(1).get(0))).isInstanceOf(HttpSinkException.class)
                    .hasMessageStartingWith("token refused by ingest");
        }
    }

    @Test
    void stopsAtAUrlThatIsNotTheIngestApi() throws Exception {
        IngestServer server = start(config());
        HttpSinkConfig wrongPath = new HttpSinkConfig(HttpSinkConfig.endpoint("http://127.0.0.1:" + server.port() + "/api/v2/x"),
                rootToken, 500, 4, Duration.ofSeconds(10), Duration.ofSeconds(30));

        try (HttpReadingSink sink = new HttpReadingSink(wrongPath)) {
            sink.send(readings(1).get(0));

            assertThatThrownBy(sink::flush).isInstanceOfSatisfying(HttpSinkException.class,
                            e -> assertThat(e.kind()).isEqualTo(Kind.UNEXPECTED_ANSWER))
                    .hasMessageContaining("answered HTTP 404").hasMessageContaining("is this the ingest API's address?");
            assertThat(sink.counts().failed()).isEqualTo(1);
        }
    }

    @Test
    void retriesA503UntilTheRetryLimitThenGivesUp() throws Exception {
        // Deliberately not the shared broker: an ingest whose Kafka is unreachable answers 503 with Retry-After.
        IngestServer down = start(IngestConfig.defaults("127.0.0.1:" + closedPort(), REGISTRY).withPort(0)
                .withMaxObservedAge(Duration.ZERO));
        long started = System.nanoTime();

        try (HttpReadingSink sink = new HttpReadingSink(sinkConfig(down, rootToken).withRetryLimit(Duration.ofSeconds(2)))) {
            readings(3).forEach(sink::send);

            assertThatThrownBy(sink::flush).isInstanceOfSatisfying(HttpSinkException.class,
                            e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE))
                    .hasMessageContaining("did not take readings for 2 s; gave up (last: HTTP 503: Kafka cannot take readings now");
            DeliveryCounts counts = sink.counts();
            assertThat(counts.accepted()).isZero();
            assertThat(counts.failed()).isEqualTo(3);
            assertThat(counts.retries()).isPositive();
        }
        // Retry-After says 2 s; whatever it says, no wait runs past the retry limit.
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(20));
    }

    @Test
    void retriesWhileNothingListensAndDeliversOnceIngestIsUp() throws Exception {
        int port = closedPort();
        HttpSinkConfig config = new HttpSinkConfig(HttpSinkConfig.endpoint("http://127.0.0.1:" + port), rootToken,
                500, 4, Duration.ofSeconds(60), Duration.ofSeconds(30));
        List<Reading> sent = readings(5);

        try (HttpReadingSink sink = new HttpReadingSink(config)) {
            CompletableFuture<Void> replay = CompletableFuture.runAsync(() -> {
                sent.forEach(sink::send);
                sink.flush();
            });
            await().atMost(WAIT).until(() -> sink.counts().retries() >= 2);
            assertThat(replay).isNotDone();

            start(config().withPort(port));

            replay.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(sink.counts().accepted()).isEqualTo(5);
            assertThat(sink.counts().failed()).isZero();
        }
        assertThat(TopicDrain.readUntil(readingsTopic, r -> r.size() >= 5, WAIT)).extracting(ConsumerRecord::value)
                .containsExactlyInAnyOrderElementsOf(sent);
    }

    private IngestConfig config() {
        // The readings are of election day 2021, the server's clock says today: no bound on their age.
        return IngestConfig.defaults(SharedKafka.bootstrapServers(), REGISTRY).withPort(0).withTopicPrefix(prefix)
                .withMaxObservedAge(Duration.ZERO);
    }

    private IngestServer start(IngestConfig config) throws Exception {
        IngestServer server = IngestServer.start(vertx, config, tokens).toCompletionStage().toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        servers.add(server);
        return server;
    }

    private static HttpSinkConfig sinkConfig(IngestServer server, String token) {
        return HttpSinkConfig.of("http://127.0.0.1:" + server.port(), token);
    }

    /** {@code n} valid readings over three polling areas, each (station, source) with rising seq. */
    private static List<Reading> readings(int n) {
        List<Reading> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(Readings.reading(QN.get(i % QN.size()), i / QN.size() + 1, i, i % 600));
        }
        return out;
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
