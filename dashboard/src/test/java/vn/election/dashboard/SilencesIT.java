package vn.election.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static vn.election.dashboard.Fixtures.await;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.election.dashboard.auth.AccessConfig;
import vn.election.model.alert.Alert;
import vn.election.model.alert.AlertSilence;
import vn.election.model.json.Json;
import vn.election.model.registry.Registry;
import vn.election.model.topic.Topic;
import vn.election.model.topic.Topics;
import vn.election.testing.SharedKafka;
import vn.election.testing.TopicDrain;

/**
 * Issue 15's silences on a dashboard with logins and real topics: created, listed and expired over REST with the
 * signed-in names recorded on {@code turnout.alert-silences}, the alerts they match marked in REST and pushed again on
 * the websocket when one starts and ends, a provincial login kept to its province (403), bad requests named (400),
 * unknown ids (404), another site's page refused (403).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SilencesIT {

    private static final String SECRET = "a test secret that is at least 32 bytes long";
    private static final String PASSWORD = "correct horse battery";
    private static final Registry REGISTRY = Fixtures.REGISTRY;

    private Vertx vertx;
    private WebClient http;
    private UnitsProducer producer;
    private DashboardServer server;
    private Path dir;
    private String prefix;
    private String national;
    private String provincial;
    private final String hanoiArea = REGISTRY.children(REGISTRY.children(REGISTRY.children("VN-01").get(0)).get(0)).get(0);
    private final String quangNinhArea = REGISTRY.children(REGISTRY.children(REGISTRY.children("VN-22").get(0)).get(0)).get(0);
    private final Alert hanoiAlert = Fixtures.firingAlert(hanoiArea, "SILENT_STATION", "2021-05-23T09:00:00+07:00");
    private final Alert quangNinhAlert = Fixtures.firingAlert(quangNinhArea, "SILENT_STATION", "2021-05-23T09:05:00+07:00");

    @BeforeAll
    void start() throws IOException {
        vertx = Vertx.vertx();
        http = WebClient.create(vertx);
        prefix = SharedKafka.freshPrefix("SilencesIT");
        producer = new UnitsProducer(prefix);
        producer.send(Fixtures.snapshot("VN", 1_000_000, 500_000, 1));
        producer.sendAlert(hanoiAlert, quangNinhAlert);
        dir = Files.createTempDirectory("silences-it");
        Path users = TestUsers.write(dir, PASSWORD, 4);
        server = await(DashboardServer.start(vertx, DashboardConfig.defaults(SharedKafka.bootstrapServers(), REGISTRY)
                .withPort(0).withTopicPrefix(prefix).withAccess(new AccessConfig(users, SECRET, null, null))));
        await().atMost(Fixtures.WAIT).until(() -> send(HttpMethod.GET, "/health", null, null).statusCode() == 200);
        await().atMost(Fixtures.WAIT).until(() -> server.state().alerts().size() == 2);
        national = LoginClient.sessionCookie(http, server.port(), "nation", PASSWORD);
        provincial = LoginClient.sessionCookie(http, server.port(), "qn-ops", PASSWORD);
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
    void aSilenceMarksTheAlertsItMatchesUntilItIsExpiredAndRecordsWhoDidWhat() {
        try (WsTestClient ws = WsTestClient.connect(vertx, server.port(), o -> o.addHeader("Cookie", national))) {
            ws.awaitFrame(f -> "alerts".equals(f.path("type").asText()) && f.path("full").asBoolean());
            String ends = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS).toString();
            HttpResponse<Buffer> created = send(HttpMethod.POST, "/api/v1/silences", national,
                    "{\"unit_id\":\"VN-01\",\"kind\":\"SILENT_STATION\",\"ends_at\":\"" + ends + "\",\"comment\":\"road closed\"}");
            assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
            JsonNode silence = json(created);
            String id = silence.get("id").asText();
            assertThat(created.getHeader("Location")).isEqualTo("/api/v1/silences/" + id);
            assertThat(silence.get("created_by").asText()).isEqualTo("nation");
            assertThat(silence.get("signed_in").asBoolean()).isTrue();
            assertThat(silence.get("state").asText()).isEqualTo("active");
            assertThat(silence.get("unit_name").asText()).isEqualTo(REGISTRY.unit("VN-01").name());

            // Listed, and the matching alert marked in REST; the other province's is not.
            JsonNode listed = json(send(HttpMethod.GET, "/api/v1/silences", national, null));
            assertThat(listed.findValuesAsText("id")).contains(id);
            JsonNode marked = alert(hanoiAlert.alertId());
            assertThat(marked.path("silence").path("id").asText()).isEqualTo(id);
            assertThat(marked.path("silence").path("by").asText()).isEqualTo("nation");
            assertThat(marked.path("silence").path("comment").asText()).isEqualTo("road closed");
            assertThat(Instant.parse(marked.path("silence").path("ends_at").asText())).isEqualTo(Instant.parse(ends));
            assertThat(alert(quangNinhAlert.alertId()).get("silence").isNull()).isTrue();

            // Pushed again on the websocket, marked.
            ws.awaitFrame(f -> silenceIn(f, hanoiAlert.alertId()) != null
                    && id.equals(silenceIn(f, hanoiAlert.alertId()).path("id").asText()));

            // Expired now, with who: unmarked in REST and pushed again unmarked.
            int framesBefore = ws.frames().size();
            HttpResponse<Buffer> expired = send(HttpMethod.DELETE, "/api/v1/silences/" + id, national, null);
            assertThat(expired.statusCode()).as(expired.bodyAsString()).isEqualTo(200);
            assertThat(json(expired).get("expired_by").asText()).isEqualTo("nation");
            assertThat(json(expired).get("state").asText()).isEqualTo("ended");
            assertThat(alert(hanoiAlert.alertId()).get("silence").isNull()).isTrue();
            await().atMost(Fixtures.WAIT).until(() -> ws.frames().subList(framesBefore, ws.frames().size()).stream()
                    .anyMatch(f -> silenceIn(f, hanoiAlert.alertId()) != null && silenceIn(f, hanoiAlert.alertId()).isNull()));
            JsonNode after = json(send(HttpMethod.GET, "/api/v1/silences", national, null));
            JsonNode listedEnded = find(after, id);
            assertThat(listedEnded.get("state").asText()).isEqualTo("ended");
            // A second DELETE changes nothing.
            assertThat(json(send(HttpMethod.DELETE, "/api/v1/silences/" + id, national, null)).get("expired_at").asText())
                    .isEqualTo(listedEnded.get("expired_at").asText());

            // On the topic: the creation and the expiry, keyed by the id, with the names.
            Topic<String, AlertSilence> topic = Topics.ALERT_SILENCES.withPrefix(prefix);
            List<ConsumerRecord<String, AlertSilence>> records = TopicDrain.readUntil(topic,
                    rs -> rs.stream().filter(r -> r.key().equals(id)).count() >= 2, Fixtures.WAIT);
            List<AlertSilence> mine = records.stream().filter(r -> r.key().equals(id)).map(ConsumerRecord::value).toList();
            assertThat(mine).hasSize(2);
            assertThat(mine.get(0).createdBy()).isEqualTo("nation");
            assertThat(mine.get(0).expiredAt()).isNull();
            assertThat(mine.get(1).expiredBy()).isEqualTo("nation");
            assertThat(mine.get(1).signedIn()).isTrue();
        }
    }

    @Test
    void aProvincialLoginSilencesOnlyWithinItsProvince() {
        String ends = Instant.now().plus(Duration.ofHours(2)).toString();
        HttpResponse<Buffer> elsewhere = send(HttpMethod.POST, "/api/v1/silences", provincial,
                "{\"unit_id\":\"VN-01\",\"ends_at\":\"" + ends + "\"}");
        assertThat(elsewhere.statusCode()).isEqualTo(403);
        assertThat(elsewhere.bodyAsString()).contains("VN-22");
        HttpResponse<Buffer> everywhere = send(HttpMethod.POST, "/api/v1/silences", provincial,
                "{\"kind\":\"SURGE\",\"ends_at\":\"" + ends + "\"}");
        assertThat(everywhere.statusCode()).isEqualTo(403);

        HttpResponse<Buffer> own = send(HttpMethod.POST, "/api/v1/silences", provincial,
                "{\"unit_id\":\"VN-22\",\"level\":\"polling_area\",\"ends_at\":\"" + ends + "\"}");
        assertThat(own.statusCode()).as(own.bodyAsString()).isEqualTo(201);
        assertThat(json(own).get("created_by").asText()).isEqualTo("qn-ops");
        assertThat(alert(quangNinhAlert.alertId()).path("silence").path("by").asText()).isEqualTo("qn-ops");

        // A national silence reaches into the province: listed for it, not its to end.
        String nationalId = json(send(HttpMethod.POST, "/api/v1/silences", national,
                "{\"kind\":\"SURGE\",\"ends_at\":\"" + ends + "\"}")).get("id").asText();
        String hanoiId = json(send(HttpMethod.POST, "/api/v1/silences", national,
                "{\"unit_id\":\"VN-01\",\"kind\":\"SURGE\",\"ends_at\":\"" + ends + "\"}")).get("id").asText();
        JsonNode seen = json(send(HttpMethod.GET, "/api/v1/silences", provincial, null));
        assertThat(seen.findValuesAsText("id")).contains(json(own).get("id").asText(), nationalId).doesNotContain(hanoiId);
        assertThat(send(HttpMethod.DELETE, "/api/v1/silences/" + nationalId, provincial, null).statusCode()).isEqualTo(403);
        assertThat(send(HttpMethod.DELETE, "/api/v1/silences/" + hanoiId, provincial, null).statusCode()).isEqualTo(404);
        HttpResponse<Buffer> ownEnd = send(HttpMethod.DELETE, "/api/v1/silences/" + json(own).get("id").asText(), provincial, null);
        assertThat(ownEnd.statusCode()).isEqualTo(200);
        assertThat(json(ownEnd).get("expired_by").asText()).isEqualTo("qn-ops");
        send(HttpMethod.DELETE, "/api/v1/silences/" + nationalId, national, null);
        send(HttpMethod.DELETE, "/api/v1/silences/" + hanoiId, national, null);
    }

    @Test
    void badRequestsAreNamedAndUnknownIdsAnswered404() {
        String ends = Instant.now().plus(Duration.ofHours(1)).toString();
        assertBad("{\"unit_id\":\"VN-99\",\"ends_at\":\"" + ends + "\"}", "unit_id 'VN-99' is not in the registry");
        assertBad("{\"level\":\"hamlet\",\"ends_at\":\"" + ends + "\"}", "level 'hamlet' must be one of");
        assertBad("{\"kind\":\"rain\",\"ends_at\":\"" + ends + "\"}", "kind 'RAIN' must be one of");
        assertBad("{\"ends_at\":\"" + ends + "\"}", "at least one matcher");
        assertBad("{\"unit_id\":\"VN-01\"}", "ends_at is required");
        assertBad("{\"unit_id\":\"VN-01\",\"ends_at\":\"2020-01-01T00:00:00+07:00\"}", "ends_at must be in the future");
        assertBad("{\"unit_id\":\"VN-01\",\"ends_at\":\"" + Instant.now().plus(Duration.ofDays(8)) + "\"}", "at most 7 days ahead");
        assertBad("{\"unit_id\":\"VN-01\",\"ends_at\":\"+999999999-12-31T23:59:59Z\"}", "at most 7 days ahead");
        assertBad("{\"unit_id\":\"VN-01\",\"ends_at\":\"tomorrow\"}", "ends_at must be an ISO-8601 time");
        assertBad("{\"unit_id\":\"VN-01\",\"starts_at\":\"" + ends + "\",\"ends_at\":\"" + ends + "\"}", "after starts_at");
        assertBad("{\"unit_id\":\"VN-01\",\"ends_at\":\"" + ends + "\",\"comment\":\"" + "x".repeat(201) + "\"}",
                "comment must be text of at most 200");
        assertBad("{\"unit_id\":\"VN-01\",\"ends_at\":\"" + ends + "\",\"created_by\":\"somebody-else\"}",
                "created_by must be the signed-in user 'nation'");
        assertBad("[1]", "body must be a JSON object");
        assertThat(send(HttpMethod.DELETE, "/api/v1/silences/no-such-silence", national, null).statusCode()).isEqualTo(404);
        HttpRequest<Buffer> crossSite = http.request(HttpMethod.POST, server.port(), "127.0.0.1", "/api/v1/silences")
                .putHeader("Cookie", national).putHeader("Origin", "http://evil.example");
        HttpResponse<Buffer> refused = await(crossSite.sendBuffer(Buffer.buffer("{\"unit_id\":\"VN-01\",\"ends_at\":\"" + ends + "\"}")));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(send(HttpMethod.GET, "/api/v1/silences", null, null).statusCode()).isEqualTo(401);
    }

    private void assertBad(String body, String message) {
        HttpResponse<Buffer> r = send(HttpMethod.POST, "/api/v1/silences", national, body);
        assertThat(r.statusCode()).as(body + " -> " + r.bodyAsString()).isEqualTo(400);
        assertThat(r.bodyAsString()).contains(message);
    }

    private JsonNode alert(String alertId) {
        return find(json(send(HttpMethod.GET, "/api/v1/alerts", national, null)), alertId);
    }

    /** The {@code silence} field of the alert in an alerts frame, or null when the frame does not carry it. */
    private static JsonNode silenceIn(JsonNode frame, String alertId) {
        for (JsonNode a : frame.path("alerts")) {
            if (alertId.equals(a.path("alert_id").asText())) {
                return a.get("silence");
            }
        }
        return null;
    }

    private static JsonNode find(JsonNode list, String id) {
        for (JsonNode n : list) {
            if (id.equals(n.path("id").asText()) || id.equals(n.path("alert_id").asText())) {
                return n;
            }
        }
        throw new AssertionError(id + " not in " + list);
    }

    private HttpResponse<Buffer> send(HttpMethod method, String path, String cookie, String body) {
        HttpRequest<Buffer> req = http.request(method, server.port(), "127.0.0.1", path);
        if (cookie != null) {
            req.putHeader("Cookie", cookie);
        }
        return await(body == null ? req.send() : req.sendBuffer(Buffer.buffer(body)));
    }

    private static JsonNode json(HttpResponse<Buffer> r) {
        assertThat(r.statusCode()).as(r.bodyAsString()).isBetween(200, 201);
        try {
            return Json.MAPPER.readTree(r.bodyAsString());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
