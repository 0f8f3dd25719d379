package vn.election.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static vn.election.ingest.IngestFixtures.HN_1;
import static vn.election.ingest.IngestFixtures.QN_1;
import static vn.election.ingest.IngestFixtures.QN_2;
import static vn.election.ingest.IngestFixtures.QN_COMMUNE;
import static vn.election.ingest.IngestFixtures.REGISTRY;
import static vn.election.ingest.IngestFixtures.array;
import static vn.election.ingest.IngestFixtures.json;
import static vn.election.ingest.IngestFixtures.reading;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import vn.election.model.json.Json;
import vn.election.model.reading.Reading;
import vn.election.model.topic.Topic;
import vn.election.model.topic.Topics;
import vn.election.testing.SharedKafka;
import vn.election.testing.TopicDrain;

/**
 * The other ways in and the per-token rules over real HTTP against the shared broker: CSV upload,
 * the scope the form reads, the form's page, rate limits (429), and tokens from a store file that a
 * revocation takes effect in without a restart.
 */
@ExtendWith(VertxExtension.class)
class IngestWaysInIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final IngestTokens tokens = new IngestTokens();
    private final String rootToken = tokens.generate("VN");
    private TokenStore store;
    private TokenStore.Created commune;
    private TokenStore.Created slow;
    private Topic<String, Reading> readingsTopic;
    private IngestServer server;

    @BeforeEach
    void start(Vertx vertx, VertxTestContext testContext, TestInfo info) {
        store = new TokenStore(dir.resolve("tokens"), Clock.systemUTC());
        commune = store.create(QN_COMMUNE, "Ủy ban xã", null);
        slow = store.create("VN-22", "slow", 1);
        String prefix = SharedKafka.freshPrefix(info.getTestMethod().orElseThrow().getName());
        readingsTopic = Topics.READINGS.withPrefix(prefix);
        IngestConfig config = IngestFixtures.onFixtureDay(IngestConfig.defaults(SharedKafka.bootstrapServers(), REGISTRY)
                .withPort(0).withTopicPrefix(prefix).withTokenStore(store.file())
                .withTokenReloadInterval(Duration.ofMillis(200)).withMaxBatch(20));
        IngestServer.start(vertx, config, tokens).onComplete(testContext.succeeding(s -> {
            server = s;
            testContext.completeNow();
        }));
    }

    @AfterEach
    void stop(VertxTestContext testContext) {
        server.close().onComplete(testContext.succeedingThenComplete());
    }

    @Test
    void acceptsACsvUploadThroughTheSameValidation() throws Exception {
        String csv = "station_id,source,seq,observed_at,voted,registered\r\n"
                + QN_1 + ",main,1,2021-05-23T09:00:00+07:00,100,\r\n"
                + "\"" + QN_2 + "\",,1,2021-05-23T09:00:00+07:00,50,1236\r\n";

        HttpResponse<String> response = post("/api/v1/readings.csv", commune.token(), "text/csv; charset=utf-8", csv);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(body(response).get("accepted").asInt()).isEqualTo(2);
        List<ConsumerRecord<String, Reading>> records = TopicDrain.readUntil(readingsTopic, r -> r.size() >= 2, WAIT);
        assertThat(records).extracting(ConsumerRecord::value).containsExactlyInAnyOrder(reading(QN_1, 1, 100),
                Reading.of(QN_2, "main", 1, IngestFixtures.NINE_AM, 50, 1236L));
    }

    @Test
    void csvErrorsNameTheirLine() throws Exception {
        String csv = "station_id,source,seq,observed_at,voted,registered\n"
                + QN_1 + ",main,1,2021-05-23T09:00:00+07:00,100,\n"
                + "\n"
                + QN_2 + ",main,1,2021-05-23T09:00:00+07:00,-5,\n"
                + QN_2 + ",main,2,2021-05-23T09:00:00+07:00\n";

        HttpResponse<String> response = post("/api/v1/readings.csv", commune.token(), "text/csv", csv);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode errors = body(response).get("errors");
        assertThat(errors).hasSize(2);
        assertThat(errors.get(0).get("line").asInt()).isEqualTo(4);
        assertThat(errors.get(0).get("index").asInt()).isEqualTo(1);
        assertThat(errors.get(0).get("field").asText()).isEqualTo("voted");
        assertThat(errors.get(0).get("message").asText()).startsWith("line 4: ");
        assertThat(errors.get(1).get("line").asInt()).isEqualTo(5);
        assertThat(errors.get(1).get("message").asText()).isEqualTo("line 5: expected 6 fields (as in the header), got 4");

        HttpResponse<String> outside = post("/api/v1/readings.csv", commune.token(), "text/csv",
                "station_id,seq,observed_at,voted\n" + HN_1 + ",1,2021-05-23T09:00:00+07:00,1\n");
        assertThat(outside.statusCode()).isEqualTo(403);
        assertThat(body(outside).get("errors").get(0).get("message").asText()).contains("line 2: ")
                .contains("outside the scope of your token (unit " + QN_COMMUNE + ")");
        HttpResponse<String> json = post("/api/v1/readings.csv", commune.token(), "application/json", json(QN_1, 1, 1));
        assertThat(json.statusCode()).isEqualTo(415);
    }

    @Test
    void answersTheScopeOfAToken() throws Exception {
        HttpResponse<String> response = send(request("/api/v1/scope").header("Authorization", "Bearer " + commune.token())
                .GET().build());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode scope = body(response);
        assertThat(scope.get("unit_id").asText()).isEqualTo(QN_COMMUNE);
        assertThat(scope.get("token_id").asText()).isEqualTo(commune.record().id());
        assertThat(scope.get("rate_per_second").asInt()).isEqualTo(IngestConfig.DEFAULT_TOKEN_RATE);
        assertThat(scope.get("polling_areas")).extracting(a -> a.get("unit_id").asText()).contains(QN_1, QN_2)
                .allSatisfy(id -> assertThat(REGISTRY.isWithin(id, QN_COMMUNE)).isTrue());
        assertThat(scope.get("total").asInt()).isEqualTo(scope.get("polling_areas").size());
        assertThat(scope.get("polling_areas").get(0).get("parent_name").asText())
                .isEqualTo(REGISTRY.unit(QN_COMMUNE).name());
        assertThat(send(request("/api/v1/scope").GET().build()).statusCode()).isEqualTo(401);
    }

    @Test
    void servesTheReportFormWithAStrictContentSecurityPolicy() throws Exception {
        HttpResponse<String> page = send(request("/report").GET().build());
        HttpResponse<String> script = send(request("/report/report.js").GET().build());

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                v -> assertThat(v).startsWith("default-src 'self'"));
        assertThat(page.body()).contains("<html lang=\"vi\">", "src=\"/report/report.js\"", "<label for=\"voted\"")
                .doesNotContain("<script>", "style=", "onclick");
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.body()).contains("/api/v1/scope", "textContent").doesNotContain("innerHTML");
    }

    @Test
    void answers429WithRetryAfterOverTheTokensRate() throws Exception {
        // Rate 1/s: the burst is one full batch (maxBatch 20 here), then one reading a second.
        String[] batch = new String[20];
        for (int i = 0; i < batch.length; i++) {
            batch[i] = json(QN_1, i + 1, i);
        }
        HttpResponse<String> first = post("/api/v1/readings", slow.token(), "application/json", array(batch));
        HttpResponse<String> second = post("/api/v1/readings", slow.token(), "application/json", array(json(QN_1, 30, 30),
                json(QN_1, 31, 31), json(QN_1, 32, 32), json(QN_1, 33, 33), json(QN_1, 34, 34)));

        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        assertThat(second.statusCode()).as(second.body()).isEqualTo(429);
        assertThat(second.headers().firstValue("Retry-After")).hasValueSatisfying(
                v -> assertThat(Integer.parseInt(v)).isBetween(1, 5));
        assertThat(body(second).get("errors").get(0).get("message").asText())
                .contains("token " + slow.record().id() + " may send 1 readings per second");
        // Another token is not slowed down by this one.
        assertThat(post("/api/v1/readings", commune.token(), "application/json", json(QN_1, 40, 40)).statusCode())
                .isEqualTo(202);
    }

    @Test
    void aRevokedTokenIsRefusedWithoutARestart() throws Exception {
        assertThat(post("/api/v1/readings", commune.token(), "application/json", json(QN_1, 1, 1)).statusCode()).isEqualTo(202);

        store.revoke(commune.record().id());
        TokenStore.Created fresh = store.create(QN_COMMUNE, "new phone", null);

        await().atMost(WAIT).untilAsserted(() -> assertThat(
                post("/api/v1/readings", commune.token(), "application/json", json(QN_1, 2, 2)).statusCode()).isEqualTo(401));
        assertThat(post("/api/v1/readings", fresh.token(), "application/json", json(QN_1, 3, 3)).statusCode()).isEqualTo(202);
        assertThat(post("/api/v1/readings", rootToken, "application/json", json(HN_1, 3, 3)).statusCode()).isEqualTo(202);
    }

    private HttpResponse<String> post(String path, String token, String type, String body) throws IOException, InterruptedException {
        return send(request(path).header("Authorization", "Bearer " + token).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).timeout(WAIT);
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode body(HttpResponse<String> response) throws IOException {
        return Json.MAPPER.readTree(response.body());
    }
}
