package vn.election.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static vn.election.dashboard.Fixtures.await;
import static vn.election.dashboard.WsTestClient.type;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import vn.election.dashboard.auth.AccessConfig;
import vn.election.dashboard.state.SilenceBook;
import vn.election.model.alert.Alert;
import vn.election.model.alert.AlertSilence;
import vn.election.model.json.Json;
import vn.election.model.topic.Topic;
import vn.election.model.topic.Topics;
import vn.election.testing.SharedKafka;

/**
 * Issue 15's silences under attack, on a dashboard with logins, each followed by the proof that it still serves (a
 * fresh websocket client gets its snapshot, /health answers 200, an operator can still silence): a flood of creations
 * from one login (at most 60 a minute get through, the rest 429), huge bodies (413), absurd dates (400), and the
 * system's cap of 1,000 silences in force (409 beyond it, a slot freed by ending one).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SilenceAbuseIT {

    private static final String SECRET = "an abuse test secret of at least 32 bytes";
    private static final String PASSWORD = "correct horse battery";
    private static final int FLOOD = 100;

    private Vertx vertx;
    private WebClient client;
    private UnitsProducer producer;
    private DashboardServer server;
    private Path dir;
    private String prefix;
    private String national;
    private String provincial;
    private final String quangNinhArea = Fixtures.REGISTRY.children(Fixtures.REGISTRY.children(
            Fixtures.REGISTRY.children("VN-22").get(0)).get(0)).get(0);
    private final Alert quangNinhAlert = Fixtures.firingAlert(quangNinhArea, "SILENT_STATION", "2021-05-23T09:05:00+07:00");

    @BeforeAll
    void start() throws IOException {
        vertx = Vertx.vertx();
        client = WebClient.create(vertx);
        prefix = SharedKafka.freshPrefix("SilenceAbuseIT");
        producer = new UnitsProducer(prefix);
        producer.send(Fixtures.snapshot("VN", 1_000_000, 500_000, 1));
        producer.sendAlert(quangNinhAlert);
        dir = Files.createTempDirectory("silence-abuse-it");
        Path users = TestUsers.write(dir, PASSWORD, 4);
        server = await(DashboardServer.start(vertx, DashboardConfig.defaults(SharedKafka.bootstrapServers(), Fixtures.REGISTRY)
                .withPort(0).withTopicPrefix(prefix).withAccess(new AccessConfig(users, SECRET, null))));
        await().atMost(Fixtures.WAIT).until(() -> get("/health", null).statusCode() == 200);
        await().atMost(Fixtures.WAIT).until(() -> server.state().alerts().size() == 1);
        national = LoginClient.sessionCookie(client, server.port(), "nation", PASSWORD);
        provincial = LoginClient.sessionCookie(client, server.port(), "qn-ops", PASSWORD);
    }

    @AfterAll
    void stop() throws IOException {
        if (server != null) {
            await(server.close());
        }
        producer.close();
        await(vertx.close());
        TestUsers.delete(dir);
    }

    @Test
    @Order(1)
    void aFloodOfCreationsFromOneLoginIsCutToItsRate() {
        String body = silence("VN-22", Duration.ofHours(1));
        long started = System.nanoTime();
        List<Future<HttpResponse<Buffer>>> flood = new ArrayList<>();
        for (int i = 0; i < FLOOD; i++) {
            flood.add(request(HttpMethod.POST, "/api/v1/silences", provincial).sendBuffer(Buffer.buffer(body)));
        }
        List<HttpResponse<Buffer>> answers = flood.stream().map(Fixtures::await).toList();
        // The bucket refills one a second: a flood that took s seconds may get s more through.
        long refilled = (System.nanoTime() - started) / 1_000_000_000L + 1;
        Map<Integer, Long> byStatus = answers.stream().collect(Collectors.groupingBy(HttpResponse::statusCode, TreeMap::new,
                Collectors.counting()));
        System.out.println("SilenceAbuseIT: " + FLOOD + " parallel creations from one login answered " + byStatus);
        assertThat(byStatus.keySet()).isSubsetOf(201, 429);
        assertThat(byStatus.getOrDefault(201, 0L)).isLessThanOrEqualTo(60 + refilled);
        assertThat(byStatus.getOrDefault(429, 0L)).isGreaterThanOrEqualTo(FLOOD - 60 - refilled);
        HttpResponse<Buffer> refused = answers.stream().filter(r -> r.statusCode() == 429).findFirst().orElseThrow();
        assertThat(refused.getHeader("Retry-After")).matches("[1-9][0-9]*");
        assertThat(json(refused).get("code").asText()).isEqualTo("too_many_silence_changes");
        assertThat(server.state().silences().unendedBy("qn-ops", Instant.now())).isEqualTo(byStatus.getOrDefault(201, 0L).intValue());
        // Another login is not held back.
        assertThat(request(HttpMethod.POST, "/api/v1/silences", national).sendBuffer(Buffer.buffer(body))
                .toCompletionStage().toCompletableFuture().join().statusCode()).isEqualTo(201);
        assertStillServing();
    }

    @Test
    @Order(2)
    void hugeBodiesAndAbsurdDatesAreRefused() {
        HttpResponse<Buffer> huge = await(request(HttpMethod.POST, "/api/v1/silences", national)
                .sendBuffer(Buffer.buffer("{\"comment\":\"" + "x".repeat(1 << 20) + "\"}")));
        assertThat(huge.statusCode()).isEqualTo(413);
        HttpResponse<Buffer> hugeDelete = await(request(HttpMethod.DELETE, "/api/v1/silences/x", national)
                .sendBuffer(Buffer.buffer("{\"expired_by\":\"" + "x".repeat(10_000) + "\"}")));
        assertThat(hugeDelete.statusCode()).isEqualTo(413);
        for (String ends : List.of("+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z", "1970-01-01T00:00:00Z",
                "2026-02-30T00:00:00Z", "9999-12-31T23:59:59+18:00")) {
            HttpResponse<Buffer> r = post("{\"unit_id\":\"VN-22\",\"ends_at\":\"" + ends + "\"}");
            assertThat(r.statusCode()).as(ends + " -> " + r.bodyAsString()).isEqualTo(400);
            assertThat(json(r).get("error").asText()).contains("ends_at");
        }
        HttpResponse<Buffer> numeric = post("{\"unit_id\":\"VN-22\",\"ends_at\":1e300}");
        assertThat(numeric.statusCode()).isEqualTo(400);
        HttpResponse<Buffer> farStart = post("{\"unit_id\":\"VN-22\",\"starts_at\":\"" + Instant.now().plus(Duration.ofDays(30))
                + "\",\"ends_at\":\"" + Instant.now().plus(Duration.ofDays(31)) + "\"}");
        assertThat(farStart.statusCode()).isEqualTo(400);
        assertThat(json(farStart).get("error").asText()).contains("starts_at must be at most 7 days ahead");
        HttpResponse<Buffer> nested = post("{\"unit_id\":{\"a\":[[[[[[[[1]]]]]]]]},\"ends_at\":\"" + Instant.now().plusSeconds(60) + "\"}");
        assertThat(nested.statusCode()).isEqualTo(400);
        assertStillServing();
    }

    @Test
    @Order(3)
    void theSystemHoldsAtMostAThousandSilencesInForce() {
        // Silences set elsewhere (other instances, other names), read from the topic like any.
        Instant now = Instant.now();
        int already = server.state().silences().unended(now);
        Topic<String, AlertSilence> topic = Topics.ALERT_SILENCES.withPrefix(prefix);
        try (KafkaProducer<String, AlertSilence> p = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedKafka.bootstrapServers(), ProducerConfig.LINGER_MS_CONFIG, 5), topic.keySerializer(), topic.valueSerializer())) {
            for (int i = already; i < SilenceBook.MAX_UNENDED; i++) {
                String id = "elsewhere-" + i;
                p.send(new ProducerRecord<>(topic.name(), id, new AlertSilence(id, "VN-22", null, "SURGE", null,
                        now.plus(Duration.ofHours(2)), "set elsewhere", "ops-" + (i % 20), now, true, null, null)));
            }
        }
        await().atMost(Fixtures.WAIT).until(() -> server.state().silences().unended(Instant.now()) == SilenceBook.MAX_UNENDED);

        HttpResponse<Buffer> over = post(silence("VN-22", Duration.ofHours(1)));
        assertThat(over.statusCode()).as(over.bodyAsString()).isEqualTo(409);
        assertThat(json(over).get("error").asText()).contains("1000 silences in force or scheduled");
        long t0 = System.nanoTime();
        HttpResponse<Buffer> list = get("/api/v1/silences", national);
        HttpResponse<Buffer> alerts = get("/api/v1/alerts", national);
        System.out.printf("SilenceAbuseIT: with %d silences in force, GET /api/v1/silences and /api/v1/alerts took %d ms%n",
                SilenceBook.MAX_UNENDED, (System.nanoTime() - t0) / 1_000_000);
        assertThat(json(list).size()).isGreaterThanOrEqualTo(SilenceBook.MAX_UNENDED);
        assertThat(json(alerts).get(0).get("silence").isNull()).isFalse();

        // Ending one frees a place.
        HttpResponse<Buffer> ended = await(request(HttpMethod.DELETE, "/api/v1/silences/elsewhere-999", national).send());
        assertThat(ended.statusCode()).as(ended.bodyAsString()).isEqualTo(200);
        assertThat(post(silence("VN-22", Duration.ofHours(1))).statusCode()).isEqualTo(201);
        assertStillServing();
    }

    private static String silence(String unit, Duration lasting) {
        return Json.MAPPER.createObjectNode().put("unit_id", unit).put("ends_at", Instant.now().plus(lasting).toString()).toString();
    }

    /** A new websocket client gets its snapshot and the health check answers 200. */
    private void assertStillServing() {
        assertThat(get("/health", null).statusCode()).isEqualTo(200);
        try (WsTestClient ws = WsTestClient.connect(vertx, server.port(), o -> o.addHeader("Cookie", national))) {
            assertThat(ws.awaitFrame(type("snapshot")).at("/unit/unit_id").asText()).isNotEmpty();
        }
    }

    private HttpRequest<Buffer> request(HttpMethod method, String path, String cookie) {
        return client.request(method, server.port(), "127.0.0.1", path).putHeader("Cookie", cookie)
                .putHeader("Origin", "http://127.0.0.1:" + server.port());
    }

    private HttpResponse<Buffer> post(String body) {
        return await(request(HttpMethod.POST, "/api/v1/silences", national).sendBuffer(Buffer.buffer(body)));
    }

    private HttpResponse<Buffer> get(String path, String cookie) {
        HttpRequest<Buffer> req = client.request(HttpMethod.GET, server.port(), "127.0.0.1", path);
        if (cookie != null) {
            req.putHeader("Cookie", cookie);
        }
        return await(req.send());
    }

    private static JsonNode json(HttpResponse<Buffer> r) {
        try {
            return Json.MAPPER.readTree(r.bodyAsString());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
