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
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.election.dashboard.auth.AccessConfig;
import vn.election.dashboard.auth.PasswordHasher;
import vn.election.dashboard.state.Acknowledgement;
import vn.election.model.alert.Alert;
import vn.election.model.json.Json;
import vn.election.model.topic.Topics;
import vn.election.testing.CapturedErrorLogs;
import vn.election.testing.SharedKafka;

/**
 * Issue 14's attacks on a dashboard that requires logins, each followed by the proof that it still serves:
 * a fresh websocket client gets its snapshot and /health answers 200. The attacker speaks HTTP over sockets
 * bound to 127.0.0.2 (Linux routes all of 127/8 to loopback; Vert.x 5's client ignored setLocalAddress here),
 * the operators come from 127.0.0.1 through Vert.x's web client.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardAbuseIT {

    private static final String SECRET = "an abuse test secret of at least 32 bytes";
    private static final String PASSWORD = "correct horse battery";
    private static final String ATTACKER_ADDRESS = "127.0.0.2";
    private static final int FLOOD = 64;

    private Vertx vertx;
    private WebClient operator;
    private UnitsProducer producer;
    private DashboardServer server;
    private Path dir;
    private String prefix;
    private final String quangNinhArea = Fixtures.REGISTRY.children(Fixtures.REGISTRY.children(
            Fixtures.REGISTRY.children("VN-22").get(0)).get(0)).get(0);
    private final Alert quangNinhAlert = new Alert(Alert.episodeId("SILENT_STATION", quangNinhArea, "2021-05-23T09:05:00+07:00"),
            "SILENT_STATION", "SILENT_STATION", quangNinhArea, Fixtures.REGISTRY.unit(quangNinhArea).level(), "warning",
            Alert.State.FIRING, BigDecimal.ONE, BigDecimal.TEN, "2021-05-23T09:05:00+07:00", null, "silent");

    @BeforeAll
    void start() throws IOException {
        vertx = Vertx.vertx();
        operator = WebClient.create(vertx);
        prefix = SharedKafka.freshPrefix("DashboardAbuseIT");
        producer = new UnitsProducer(prefix);
        producer.send(Fixtures.snapshot("VN", 1_000_000, 500_000, 1));
        producer.sendAlert(quangNinhAlert);
        dir = Files.createTempDirectory("abuse-it");
        // The production cost: a check takes a real quarter second or more, as in the reported 0.8 s -> 20 s.
        Path users = TestUsers.write(dir, PASSWORD, PasswordHasher.DEFAULT_COST);
        server = await(DashboardServer.start(vertx, DashboardConfig.defaults(SharedKafka.bootstrapServers(), Fixtures.REGISTRY)
                .withPort(0).withTopicPrefix(prefix).withAccess(new AccessConfig(users, SECRET, null))));
        await().atMost(Fixtures.WAIT).until(() -> get("/health", null).statusCode() == 200);
        await().atMost(Fixtures.WAIT).until(() -> server.state().alerts().size() == 1);
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
    void aFloodOfBogusLoginsFromOneAddressDoesNotHoldBackARealLogin() throws Exception {
        ExecutorService attackers = Executors.newFixedThreadPool(FLOOD);
        try {
            CountDownLatch ready = new CountDownLatch(FLOOD);
            CountDownLatch go = new CountDownLatch(1);
            List<java.util.concurrent.Future<RawReply>> flood = new ArrayList<>();
            for (int i = 0; i < FLOOD; i++) {
                // A new name each time: the per-name throttle never sees one twice.
                String body = Json.MAPPER.createObjectNode().put("name", "bogus-" + i).put("password", "not the password " + i)
                        .toString();
                flood.add(attackers.submit(() -> {
                    ready.countDown();
                    go.await();
                    return RawReply.exchange(ATTACKER_ADDRESS, server.port(), "POST", LoginClient.PATH, body);
                }));
            }
            ready.await();
            go.countDown();
            long started = System.nanoTime();
            HttpResponse<Buffer> real = await(LoginClient.login(operator, server.port(), "nation", PASSWORD, null));
            long millis = (System.nanoTime() - started) / 1_000_000;
            System.out.println("DashboardAbuseIT: real login from 127.0.0.1 during a flood of " + FLOOD + " bogus logins from "
                    + ATTACKER_ADDRESS + " answered " + real.statusCode() + " in " + millis + " ms");

            assertThat(real.statusCode()).as(real.bodyAsString()).isEqualTo(200);
            assertThat(real.cookies()).anySatisfy(c -> assertThat(c).startsWith("election_session="));
            List<RawReply> answers = new ArrayList<>();
            for (java.util.concurrent.Future<RawReply> f : flood) {
                answers.add(f.get(Fixtures.WAIT.toSeconds(), TimeUnit.SECONDS));
            }
            Map<Integer, Long> byStatus = answers.stream().collect(Collectors.groupingBy(RawReply::status, TreeMap::new,
                    Collectors.counting()));
            System.out.println("DashboardAbuseIT: the attacker's answers by status: " + byStatus);
            assertThat(byStatus.getOrDefault(429, 0L)).as("logins refused at once from the flooding address")
                    .isGreaterThan(FLOOD / 2);
            assertThat(byStatus.keySet()).as("the rest were checked and wrong").isSubsetOf(401, 429);
            RawReply refused = answers.stream().filter(r -> r.status() == 429).findFirst().orElseThrow();
            assertThat(refused.header("Retry-After")).matches("[1-9][0-9]*");
            JsonNode error = Json.MAPPER.readTree(refused.bodyText());
            assertThat(error.get("code").asText()).isIn("too_many_parallel_logins_from_address", "too_many_logins_from_address");
            assertThat(error.get("retry_after_seconds").asLong()).isPositive();
            assertThat(error.get("error").asText()).contains("from this address").contains("try again in");
            assertThat(refused.header("X-Frame-Options")).isEqualTo("DENY");
            assertStillServing(LoginClient.cookieOf(real));
        } finally {
            attackers.shutdownNow();
        }
    }

    /**
     * Two operators acknowledge one alert: each acknowledgement carries its login's name whatever the body
     * says (a forged name is refused), both are kept in order, shown by REST and the websocket, and survive
     * in Kafka under keys of their own (compaction by key cannot fold one into the other).
     */
    @Test
    void acknowledgementsCarryTheSignedInNameAndKeepTheirHistory() {
        String national = loginCookie("nation");
        String provincial = loginCookie("qn-ops");
        String path = "/api/v1/alerts/" + quangNinhAlert.alertId() + "/ack";
        try (WsTestClient ws = WsTestClient.connect(vertx, server.port(), o -> o.addHeader("Cookie", national))) {
            ws.awaitFrame(f -> "alerts".equals(f.path("type").asText()) && f.path("full").asBoolean());

            HttpResponse<Buffer> first = post(path, national, "{}");
            assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(202);
            assertThat(json(first).at("/ack/by").asText()).isEqualTo("nation");

            // The provincial login writes someone else's name: refused, saying why, and nothing recorded.
            HttpResponse<Buffer> forged = post(path, provincial, "{\"by\":\"nation\"}");
            assertThat(forged.statusCode()).isEqualTo(400);
            assertThat(json(forged).get("error").asText())
                    .isEqualTo("by must be the signed-in user 'qn-ops' (or left out) on an instance with logins, got 'nation'; "
                            + "put other words in note");
            assertThat(server.state().alerts().acknowledgements(quangNinhAlert.alertId())).hasSize(1);

            HttpResponse<Buffer> second = post(path, provincial, "{\"by\":\"qn-ops\",\"note\":\"called the commune\"}");
            assertThat(second.statusCode()).as(second.bodyAsString()).isEqualTo(202);
            assertThat(json(second).get("acks")).extracting(n -> n.get("by").asText()).containsExactly("nation", "qn-ops");

            JsonNode listed = json(get("/api/v1/alerts?state=all", national)).get(0);
            assertThat(listed.at("/ack/by").asText()).isEqualTo("qn-ops");
            assertThat(listed.at("/ack/note").asText()).isEqualTo("called the commune");
            assertThat(listed.get("acks")).extracting(n -> n.get("by").asText() + "/" + n.get("signed_in").asBoolean())
                    .containsExactly("nation/true", "qn-ops/true");
            JsonNode pushed = ws.awaitFrame(f -> "alerts".equals(f.path("type").asText()) && !f.path("full").asBoolean()
                    && f.toString().contains("called the commune"));
            assertThat(WsTestClient.acknowledgedIn(pushed, quangNinhAlert.alertId()).get("acks")).hasSize(2);
        }
        List<ConsumerRecord<String, byte[]>> records = readAcks(2);
        assertThat(records).extracting(ConsumerRecord::key).doesNotHaveDuplicates()
                .allSatisfy(k -> assertThat(k).startsWith(quangNinhAlert.alertId() + "#"));
        assertThat(records).extracting(ConsumerRecord::partition).containsOnly(records.get(0).partition());
        // A later instance rebuilds both from Kafka.
        DashboardServer later = await(DashboardServer.start(vertx, DashboardConfig.defaults(SharedKafka.bootstrapServers(),
                Fixtures.REGISTRY).withPort(0).withTopicPrefix(prefix)
                .withAccess(new AccessConfig(dir.resolve("users.jsonl"), SECRET, null))));
        try {
            await().atMost(Fixtures.WAIT).until(() -> later.state().alerts().acknowledgements(quangNinhAlert.alertId()).size() == 2);
            assertThat(later.state().alerts().acknowledgements(quangNinhAlert.alertId())).extracting(Acknowledgement::by)
                    .containsExactly("nation", "qn-ops");
        } finally {
            await(later.close());
        }
        assertStillServing(provincial);
    }

    private List<ConsumerRecord<String, byte[]>> readAcks(int expected) {
        String topic = Topics.ALERT_ACKS.withPrefix(prefix).name();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers()),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
            await().atMost(Fixtures.WAIT).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
                return out.size() >= expected;
            });
            return out;
        }
    }

    /** Every kind of answer, refusals included, forbids framing: no other site can overlay the buttons. */
    @Test
    void aClientResettingMidRequestIsNeitherA500NorAnErrorLog() throws Exception {
        try (CapturedErrorLogs errors = new CapturedErrorLogs()) {
            for (String path : List.of("/api/v1/login", "/api/v1/alerts/x/ack")) {
                try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.port())) {
                    s.setSoLinger(true, 0); // the close below is a reset
                    s.getOutputStream().write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                            + "application/json\r\nContent-Length: 4000\r\n\r\n{\"name\":\"")
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    s.getOutputStream().flush();
                    // Reset only once the server holds the connection and has had a moment to read the head.
                    await().pollDelay(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5)).until(() -> server.meterRegistry()
                            .get("dashboard.connections.open").gauge().value() >= 1);
                }
            }
            // Whatever the server logs about the resets comes within moments: none may be an ERROR.
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3))
                    .untilAsserted(() -> assertThat(errors.lines()).as("ERROR lines after two resets").isEmpty());
        }
        assertStillServing(loginCookie("qn-ops"));
    }

    @Test
    void everyAnswerForbidsFraming() throws IOException {
        for (String path : List.of("/", "/login.html", "/app.js", "/health", "/api/v1/me", "/api/v1/units/VN", "/nope")) {
            assertFramingHeaders(get(path, null));
            RawReply head = RawReply.of(server.port(), "HEAD", path);
            assertThat(head.header("x-frame-options")).as("HEAD " + path).isEqualTo("DENY");
        }
        assertStillServing(loginCookie("qn-ops"));
    }

    private void assertFramingHeaders(HttpResponse<Buffer> r) {
        assertThat(r.getHeader("X-Frame-Options")).as("X-Frame-Options of a " + r.statusCode()).isEqualTo("DENY");
        assertThat(r.getHeader("Content-Security-Policy")).as("CSP of a " + r.statusCode())
                .contains("frame-ancestors 'none'").contains("connect-src 'self';").doesNotContain("ws:", "wss:");
    }

    /** A new websocket client gets its snapshot and the health check answers 200. */
    private void assertStillServing(String cookie) {
        assertThat(get("/health", null).statusCode()).isEqualTo(200);
        try (WsTestClient ws = WsTestClient.connect(vertx, server.port(), o -> o.addHeader("Cookie", cookie))) {
            JsonNode snapshot = ws.awaitFrame(type("snapshot"));
            assertThat(snapshot.at("/unit/unit_id").asText()).isNotEmpty();
        }
    }

    private String loginCookie(String name) {
        return LoginClient.sessionCookie(operator, server.port(), name, PASSWORD);
    }

    private HttpResponse<Buffer> post(String path, String cookie, String body) {
        return await(operator.post(server.port(), "127.0.0.1", path).putHeader("Cookie", cookie)
                .putHeader("Origin", "http://127.0.0.1:" + server.port()).sendBuffer(Buffer.buffer(body)));
    }

    private HttpResponse<Buffer> get(String path, String cookie) {
        HttpRequest<Buffer> req = operator.request(HttpMethod.GET, server.port(), "127.0.0.1", path);
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
