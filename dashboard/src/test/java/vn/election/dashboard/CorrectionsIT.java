package vn.election.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static vn.election.dashboard.Fixtures.await;

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
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.election.dashboard.auth.AccessConfig;
import vn.election.model.correction.Correction;
import vn.election.model.json.Json;
import vn.election.model.registry.Registry;
import vn.election.model.topic.Topic;
import vn.election.model.topic.Topics;
import vn.election.testing.SharedKafka;

/**
 * Issue 15's corrections on record through a real topic and real HTTP, with logins required: a unit lists its own
 * and everything below it, newest first, with names and path; a provincial login gets 403 outside its province;
 * 404 for an unknown unit, 400 naming a bad parameter; absurd pages and a flood of requests leave others served.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CorrectionsIT {

    private static final String SECRET = "a corrections test secret of at least 32 bytes";
    private static final String PASSWORD = "correct horse battery";
    private static final Registry REGISTRY = Fixtures.REGISTRY;
    private static final OffsetDateTime NINE = OffsetDateTime.parse("2021-05-23T09:00:00+07:00");

    private final String qnDistrictA = REGISTRY.children("VN-22").get(0);
    private final String qnDistrictB = REGISTRY.children("VN-22").get(1);
    private final String qnAreaA = firstArea(qnDistrictA);
    private final String qnAreaB = firstArea(qnDistrictB);
    private final String hnArea = firstArea("VN-01");

    private Vertx vertx;
    private WebClient http;
    private DashboardServer server;
    private Path dir;
    private String national;
    private String provincial;

    @BeforeAll
    void start() throws Exception {
        vertx = Vertx.vertx();
        http = WebClient.create(vertx);
        String prefix = SharedKafka.freshPrefix("CorrectionsIT");
        Topic<String, Correction> topic = Topics.CORRECTIONS.withPrefix(prefix);
        try (KafkaProducer<String, Correction> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                topic.keySerializer(), topic.valueSerializer())) {
            List<Correction> sent = List.of(
                    lowered(qnAreaA, 1, 120, 100, "tok-qn"),
                    listChanged(hnArea, 2, 500, 520, "tok-hn"),
                    lowered(qnAreaB, 3, 80, 75, null),
                    lowered(qnAreaA, 1, 120, 100, "tok-qn"));   // the sink is at-least-once: a repeat
            for (Correction c : sent) {
                // One partition for all, so the order they were written is the order read.
                producer.send(new ProducerRecord<>(topic.name(), 0, c.stationId(), c)).get(30, TimeUnit.SECONDS);
            }
        }
        dir = Files.createTempDirectory("corrections-it");
        Path users = TestUsers.write(dir, PASSWORD, 4);
        server = await(DashboardServer.start(vertx, DashboardConfig.defaults(SharedKafka.bootstrapServers(), REGISTRY)
                .withPort(0).withTopicPrefix(prefix).withAccess(new AccessConfig(users, SECRET, null, null))));
        await().atMost(Fixtures.WAIT).until(() -> send("/health", null).statusCode() == 200);
        await().atMost(Fixtures.WAIT).until(() -> server.state().corrections().size() == 3);
        national = LoginClient.sessionCookie(http, server.port(), "nation", PASSWORD);
        provincial = LoginClient.sessionCookie(http, server.port(), "qn-ops", PASSWORD);
    }

    @AfterAll
    void stop() throws IOException {
        if (server != null) {
            await(server.close());
        }
        await(vertx.close());
        TestUsers.delete(dir);
    }

    @Test
    void aUnitListsItsCorrectionsAndEverythingBelowItNewestFirst() {
        JsonNode root = json(send("/api/v1/units/VN/corrections", national));
        assertThat(root.get("total").asInt()).isEqualTo(3);
        assertThat(root.get("dropped").asLong()).isZero();
        assertThat(root.get("items")).extracting(n -> n.get("station_id").asText()).containsExactly(qnAreaB, hnArea, qnAreaA);
        JsonNode first = root.get("items").get(2);
        assertThat(first.get("correction_id").asText()).isEqualTo(qnAreaA + "/main/1/voted");
        assertThat(first.get("field").asText()).isEqualTo("voted");
        assertThat(first.get("before").asLong()).isEqualTo(120);
        assertThat(first.get("after").asLong()).isEqualTo(100);
        assertThat(first.get("sent_by").asText()).isEqualTo("tok-qn");
        assertThat(first.get("observed_at").asText()).isEqualTo("2021-05-23T09:01:00+07:00");
        assertThat(first.get("name").asText()).isEqualTo(REGISTRY.unit(qnAreaA).name());
        assertThat(first.get("path")).extracting(JsonNode::asText)
                .containsExactlyElementsOf(REGISTRY.path(qnAreaA).stream().map(u -> u.name()).toList());
        assertThat(first.get("recorded_at").asText()).isNotBlank();
        assertThat(root.get("items").get(0).get("sent_by").isNull()).isTrue();

        assertThat(json(send("/api/v1/units/VN-22/corrections", national)).get("items"))
                .extracting(n -> n.get("station_id").asText()).containsExactly(qnAreaB, qnAreaA);
        assertThat(json(send("/api/v1/units/" + qnDistrictA + "/corrections", national)).get("items"))
                .extracting(n -> n.get("station_id").asText()).containsExactly(qnAreaA);
        assertThat(json(send("/api/v1/units/" + qnAreaA + "/corrections", national)).get("total").asInt()).isEqualTo(1);
        assertThat(json(send("/api/v1/units/VN-79/corrections", national)).get("items")).isEmpty();

        JsonNode page = json(send("/api/v1/units/VN/corrections?limit=1&offset=1", national));
        assertThat(page.get("items")).extracting(n -> n.get("station_id").asText()).containsExactly(hnArea);
        assertThat(page.get("total").asInt()).isEqualTo(3);
    }

    @Test
    void aProvincialLoginSeesItsProvinceOnlyAndNoSessionNothing() {
        assertThat(json(send("/api/v1/units/VN-22/corrections", provincial)).get("total").asInt()).isEqualTo(2);
        for (String unit : List.of("VN", "VN-01", hnArea)) {
            HttpResponse<Buffer> r = send("/api/v1/units/" + unit + "/corrections", provincial);
            assertThat(r.statusCode()).as(unit).isEqualTo(403);
            assertThat(r.bodyAsString()).doesNotContain("tok-hn");
        }
        assertThat(send("/api/v1/units/VN-22/corrections", null).statusCode()).isEqualTo(401);
    }

    @Test
    void unknownUnitsAndBadParametersAreRefusedSayingWhy() {
        assertThat(send("/api/v1/units/VN-NOPE/corrections", national).statusCode()).isEqualTo(404);
        for (String query : List.of("limit=0", "limit=abc", "limit=100000000000", "limit=501", "limit=-1")) {
            HttpResponse<Buffer> r = send("/api/v1/units/VN/corrections?" + query, national);
            assertThat(r.statusCode()).as(query).isEqualTo(400);
            assertThat(r.bodyAsString()).as(query).contains("limit");
        }
        for (String query : List.of("offset=-1", "offset=99999999999", "offset=x")) {
            HttpResponse<Buffer> r = send("/api/v1/units/VN/corrections?" + query, national);
            assertThat(r.statusCode()).as(query).isEqualTo(400);
            assertThat(r.bodyAsString()).as(query).contains("offset");
        }
    }

    @Test
    void absurdPagesAndAFloodOfRequestsLeaveOthersServed() {
        JsonNode far = json(send("/api/v1/units/VN/corrections?offset=2147483647&limit=500", national));
        assertThat(far.get("items")).isEmpty();
        assertThat(far.get("total").asInt()).isEqualTo(3);
        List<Future<HttpResponse<Buffer>>> flood = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            flood.add(request("/api/v1/units/VN/corrections?limit=500&offset=" + (i % 4), national).send());
        }
        long start = System.nanoTime();
        // Another operator, on connections of its own: served while the flood is in.
        WebClient other = WebClient.create(vertx);
        HttpResponse<Buffer> served = await(other.request(HttpMethod.GET, server.port(), "127.0.0.1",
                "/api/v1/units/VN-22/corrections").putHeader("Cookie", provincial).send());
        other.close();
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(10);
        for (Future<HttpResponse<Buffer>> f : flood) {
            // Answered or shed, never a server error or a hang.
            assertThat(await(f).statusCode()).isIn(200, 429, 503);
        }
        assertThat(send("/health", null).statusCode()).isEqualTo(200);
    }

    private static String firstArea(String unit) {
        String u = unit;
        while (!REGISTRY.isLeaf(u)) {
            u = REGISTRY.children(u).get(0);
        }
        return u;
    }

    private static Correction lowered(String area, int minute, long before, long after, String sentBy) {
        return new Correction(area, "main", Correction.VOTED, before, after, NINE.plusMinutes(minute).toInstant(),
                7 * 3600, minute, sentBy);
    }

    private static Correction listChanged(String area, int minute, long before, long after, String sentBy) {
        return new Correction(area, "main", Correction.REGISTERED, before, after, NINE.plusMinutes(minute).toInstant(),
                7 * 3600, minute, sentBy);
    }

    private HttpRequest<Buffer> request(String path, String cookie) {
        HttpRequest<Buffer> req = http.request(HttpMethod.GET, server.port(), "127.0.0.1", path);
        if (cookie != null) {
            req.putHeader("Cookie", cookie);
        }
        return req;
    }

    private HttpResponse<Buffer> send(String path, String cookie) {
        return await(request(path, cookie).send());
    }

    private static JsonNode json(HttpResponse<Buffer> r) {
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        try {
            return Json.MAPPER.readTree(r.bodyAsString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
