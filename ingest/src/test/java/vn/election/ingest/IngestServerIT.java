package vn.election.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.election.ingest.IngestFixtures.HN_1;
import static vn.election.ingest.IngestFixtures.QN_1;
import static vn.election.ingest.IngestFixtures.QN_2;
import static vn.election.ingest.IngestFixtures.QN_3;
import static vn.election.ingest.IngestFixtures.REGISTRY;
import static vn.election.ingest.IngestFixtures.array;
import static vn.election.ingest.IngestFixtures.json;
import static vn.election.ingest.IngestFixtures.reading;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.election.model.json.Json;
import vn.election.model.reading.Reading;
import vn.election.model.topic.Topic;
import vn.election.model.topic.Topics;
import vn.election.testing.SharedKafka;
import vn.election.testing.TopicDrain;

/** The gateway over real HTTP against the shared real broker, one fresh set of topics per test. */
@ExtendWith(VertxExtension.class)
class IngestServerIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final IngestTokens tokens = new IngestTokens();
    private final String rootToken = tokens.generate("VN");
    private String prefix;
    private Topic<String, Reading> readingsTopic;
    private IngestServer server;

    @BeforeEach
    void start(Vertx vertx, VertxTestContext testContext, TestInfo info) {
        prefix = SharedKafka.freshPrefix(info.getTestMethod().orElseThrow().getName());
        readingsTopic = Topics.READINGS.withPrefix(prefix);
        IngestConfig config = IngestFixtures.onFixtureDay(IngestConfig.defaults(SharedKafka.bootstrapServers(), REGISTRY)
                .withPort(0).withTopicPrefix(prefix));
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
    void acceptsABatchAndWritesEveryReadingToTheTopic() throws Exception {
        Reading mobile = Reading.of(QN_1, "mobile", 1, OffsetDateTime.parse("2021-05-23T09:05:00+07:00"), 12, 1240L);
        List<Reading> sent = List.of(reading(QN_1, 1, 100), reading(QN_1, 2, 250), mobile, reading(HN_1, 1, 80));

        HttpResponse<String> response = post(rootToken, array(sent.stream().map(IngestFixtures::json).toArray(String[]::new)));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(body(response).get("accepted").asInt()).isEqualTo(4);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(response.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
        List<ConsumerRecord<String, Reading>> records = TopicDrain.readUntil(readingsTopic, r -> r.size() >= 4, WAIT);
        assertThat(records).allSatisfy(r -> assertThat(r.key()).isEqualTo(r.value().stationId()));
        assertThat(records).extracting(ConsumerRecord::value).containsExactlyInAnyOrderElementsOf(sent);
        // One station, one partition: its readings stay in the order they were sent.
        assertThat(records.stream().filter(r -> r.key().equals(QN_1) && r.value().source().equals("main"))
                .map(r -> r.value().seq())).containsExactly(1L, 2L);
    }

    @Test
    void namesTheTokenThatSentEachReadingAndOverwritesAForgedSender() throws Exception {
        String forged = json(QN_1, 1, 100).replace("}", ",\"sent_by\":\"someone-else\"}");

        HttpResponse<String> response = post(rootToken, array(forged, json(QN_2, 1, 50)));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        String tokenId = tokens.grantOf(rootToken).orElseThrow().id();
        assertThat(tokenId).isNotEqualTo(rootToken);
        List<ConsumerRecord<String, Reading>> records = TopicDrain.readUntil(readingsTopic, r -> r.size() >= 2, WAIT);
        assertThat(records).extracting(r -> r.value().sentBy()).containsOnly(tokenId);
    }

    @Test
    void acceptsASingleReadingObject() throws Exception {
        HttpResponse<String> response = post(rootToken, json(QN_3, 1, 5));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(body(response).get("accepted").asInt()).isEqualTo(1);
        assertThat(TopicDrain.readUntil(readingsTopic, r -> !r.isEmpty(), WAIT)).extracting(ConsumerRecord::value)
                .containsExactly(reading(QN_3, 1, 5));
    }

    @Test
    void refusesTheWholeBatchWhenOneReadingIsInvalidAndWritesNothing() throws Exception {
        String bad = json(QN_2, 1, 10).replace("\"voted\":10", "\"voted\":-1");

        HttpResponse<String> refused = post(rootToken, array(json(QN_1, 1, 10), bad));

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        JsonNode error = body(refused).get("errors").get(0);
        assertThat(error.get("index").asInt()).isEqualTo(1);
        assertThat(error.get("field").asText()).isEqualTo("voted");
        assertThat(body(refused).get("error_count").asInt()).isEqualTo(1);

        // Sentinels for the same stations land on the same partitions, after anything the refused batch
        // could have written: once both are read, anything else would have been read too.
        HttpResponse<String> sentinel = post(rootToken, array(json(QN_1, 99, 1), json(QN_2, 99, 1)));
        assertThat(sentinel.statusCode()).as(sentinel.body()).isEqualTo(202);
        List<ConsumerRecord<String, Reading>> records = TopicDrain.readUntil(readingsTopic,
                r -> r.stream().filter(c -> c.value().seq() == 99).count() == 2, WAIT);
        assertThat(records).extracting(ConsumerRecord::value)
                .containsExactlyInAnyOrder(reading(QN_1, 99, 1), reading(QN_2, 99, 1));
    }

    @Test
    void answers401WithoutAValidToken() throws Exception {
        String body = json(QN_1, 1, 10);
        HttpResponse<String> missing = send(request("/api/v1/readings").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        HttpResponse<String> wrong = post(IngestTokens.newToken(), body);
        HttpResponse<String> basic = send(request("/api/v1/readings").header("Content-Type", "application/json")
                .header("Authorization", "Basic dXNlcjpwYXNz").POST(HttpRequest.BodyPublishers.ofString(body)).build());

        for (HttpResponse<String> response : List.of(missing, wrong, basic)) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                    v -> assertThat(v).startsWith("Bearer"));
            JsonNode error = body(response).get("errors").get(0);
            assertThat(error.get("index").asInt()).isEqualTo(-1);
            assertThat(error.get("field").asText()).isEqualTo("Authorization");
            assertThat(response.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        }
        assertThat(body(wrong).get("errors").get(0).get("message").asText()).isEqualTo("unknown or revoked token");
    }

    @Test
    void refusesABadTokenWithoutReadingTheBodyAndKeepsTheConnectionUsable() throws Exception {
        String bigBody = "[" + " ".repeat(500_000) + json(QN_1, 1, 10) + "]";
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout((int) WAIT.toMillis());

            String refused = exchange(socket, "Bearer " + IngestTokens.newToken(), bigBody);
            String accepted = exchange(socket, "Bearer " + rootToken, json(QN_1, 1, 10));

            assertThat(refused).startsWith("HTTP/1.1 401").endsWith("\"message\":\"unknown or revoked token\"}]}");
            assertThat(accepted).as("second request on the same connection").startsWith("HTTP/1.1 202")
                    .endsWith("{\"accepted\":1}");
        }
    }

    @Test
    void answers403ForAStationOutsideTheTokensScope() throws Exception {
        String quangNinh = tokens.generate("VN-22");

        HttpResponse<String> outside = post(quangNinh, json(HN_1, 1, 10));
        HttpResponse<String> inside = post(quangNinh, json(QN_1, 1, 10));

        assertThat(outside.statusCode()).as(outside.body()).isEqualTo(403);
        JsonNode error = body(outside).get("errors").get(0);
        assertThat(error.get("field").asText()).isEqualTo("station_id");
        assertThat(error.get("message").asText()).contains("outside the scope of your token (unit VN-22)");
        assertThat(inside.statusCode()).as(inside.body()).isEqualTo(202);
    }

    @Test
    void answers413ForABodyOverTheLimit() throws Exception {
        String padded = "[" + " ".repeat(IngestConfig.DEFAULT_MAX_BODY_BYTES) + json(QN_1, 1, 10) + "]";

        HttpResponse<String> response = post(rootToken, padded);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(body(response).get("errors").get(0).get("message").asText())
                .contains(String.valueOf(IngestConfig.DEFAULT_MAX_BODY_BYTES));
        // The connection the server dropped is not reused: the next request is answered normally.
        assertThat(post(rootToken, json(QN_1, 1, 10)).statusCode()).isEqualTo(202);
    }

    @Test
    void answers413ForMoreReadingsThanABatchMayHold() throws Exception {
        String tooMany = "[" + String.join(",", Collections.nCopies(1001, json(QN_1, 1, 10))) + "]";

        HttpResponse<String> response = post(rootToken, tooMany);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(body(response).get("errors").get(0).get("message").asText()).contains("at most 1000");
    }

    @Test
    void answers415ForAnotherContentType() throws Exception {
        HttpResponse<String> response = send(request("/api/v1/readings").header("Authorization", "Bearer " + rootToken)
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(json(QN_1, 1, 10))).build());

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(body(response).get("errors").get(0).get("field").asText()).isEqualTo("Content-Type");
    }

    @Test
    void answers400AsJsonForGarbageAndHostileInput() throws Exception {
        for (String garbage : List.of("{\"station_id\": \"VN-22", "<script>alert(1)</script>", "\u0000\u0001",
                "[" + "[".repeat(1000))) {
            HttpResponse<String> response = post(rootToken, garbage);

            assertThat(response.statusCode()).as(garbage).isEqualTo(400);
            assertThat(body(response).get("errors").get(0).get("message").asText()).startsWith("malformed JSON");
        }
        // An unknown field name cut at 40 characters in the middle of an emoji's surrogate pair.
        HttpResponse<String> splitEmoji = post(rootToken, json(QN_1, 1, 10).replace("{", "{\"" + "x".repeat(39) + "\uD83D\uDE00\":1,"));
        assertThat(splitEmoji.statusCode()).as(splitEmoji.body()).isEqualTo(400);
        assertThat(body(splitEmoji).get("errors").get(0).get("message").asText()).startsWith("unknown field");
        HttpResponse<String> notFound = send(request("/api/v1/nothing").GET().build());
        assertThat(notFound.statusCode()).isEqualTo(404);
        assertThat(body(notFound).get("errors")).hasSize(1);
    }

    @Test
    void healthIsUpWithTheBrokerReachable() throws Exception {
        HttpResponse<String> response = send(request("/health").GET().build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(body(response)).isEqualTo(Json.MAPPER.readTree("{\"status\":\"UP\"}"));
    }

    @Test
    void metricsCountRequestsByStatus() throws Exception {
        post(rootToken, json(QN_1, 1, 10));
        post("not-a-token", json(QN_1, 1, 10));

        HttpResponse<String> response = send(request("/metrics").GET().build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("text/plain; version=0.0.4"));
        assertThat(response.body())
                .contains("ingest_requests_total{status=\"202\"} 1.0")
                .contains("ingest_requests_total{status=\"401\"} 1.0")
                .contains("ingest_readings_accepted_total 1.0")
                .contains("ingest_publish_latency_seconds_count{outcome=\"acknowledged\"} 1");
        // Histograms Prometheus can aggregate: cumulative buckets up to +Inf, per route and status class.
        assertThat(bucket(response.body(), "ingest_request_latency_seconds", "route=\"/api/v1/readings\"",
                "status_class=\"2xx\"", "le=\"+Inf\"")).isEqualTo(1);
        assertThat(bucket(response.body(), "ingest_request_latency_seconds", "route=\"/api/v1/readings\"",
                "status_class=\"4xx\"", "le=\"+Inf\"")).isEqualTo(1);
        assertThat(bucket(response.body(), "ingest_request_latency_seconds", "route=\"/api/v1/readings\"",
                "status_class=\"2xx\"", "le=\"20.0\"")).as("every POST took less than 20 s").isEqualTo(1);
        assertThat(bucket(response.body(), "ingest_publish_latency_seconds", "outcome=\"acknowledged\"",
                "le=\"+Inf\"")).isEqualTo(1);
        assertThat(bucket(response.body(), "ingest_publish_latency_seconds", "outcome=\"acknowledged\"",
                "le=\"0.001\"")).as("a bucket below every real publish").isZero();
        assertThat(response.body().lines().filter(l -> l.startsWith("ingest_request_latency_seconds_bucket{")))
                .as("no route but the gateway's own").allSatisfy(l -> assertThat(l).containsPattern(
                        "route=\"(/api/v1/readings|/api/v1/readings.csv|/api/v1/scope|/health|/metrics|/report|other)\""));
    }

    /** The count of the one {@code _bucket} sample of {@code histogram} that has all of {@code labels}; fails if none. */
    private static long bucket(String scrape, String histogram, String... labels) {
        List<String> lines = scrape.lines().filter(l -> l.startsWith(histogram + "_bucket{"))
                .filter(l -> java.util.Arrays.stream(labels).allMatch(l::contains)).toList();
        assertThat(lines).as("%s_bucket with %s", histogram, List.of(labels)).hasSize(1);
        String line = lines.get(0);
        return (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }

    @Test
    void headAnswersWhereverGetDoesWithTheSameStatusAndHeadersAndNoBody() throws Exception {
        post(rootToken, json(QN_1, 1, 10));
        for (String path : List.of("/health", "/metrics", "/api/v1/scope", "/report", "/report/report.js",
                "/report/index.html", "/report/missing.js")) {
            HttpResponse<String> get = send(request(path).header("Authorization", "Bearer " + rootToken).GET().build());
            HttpResponse<String> head = send(request(path).header("Authorization", "Bearer " + rootToken)
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());

            assertThat(head.statusCode()).as("HEAD %s", path).isEqualTo(get.statusCode());
            assertThat(head.body()).as("HEAD %s", path).isEmpty();
            Map<String, List<String>> getHeaders = new TreeMap<>(get.headers().map());
            Map<String, List<String>> headHeaders = new TreeMap<>(head.headers().map());
            // A second may pass between the two.
            assertThat(headHeaders.remove("date") != null).isEqualTo(getHeaders.remove("date") != null);
            if (path.equals("/metrics")) {
                // The scrape itself changes between the two requests (the GET is counted), so its length may too.
                getHeaders.remove("content-length");
                headHeaders.remove("content-length");
            }
            assertThat(headHeaders).as("HEAD %s", path).isEqualTo(getHeaders);
        }
        HttpResponse<String> unauthorized = send(request("/api/v1/scope").method("HEAD",
                HttpRequest.BodyPublishers.noBody()).build());
        assertThat(unauthorized.statusCode()).isEqualTo(401);
        assertThat(unauthorized.headers().firstValue("WWW-Authenticate")).isPresent();
    }

    @Test
    void metricsBeyondLoopbackNeedTheMetricsTokenOrANationalToken(Vertx vertx) throws Exception {
        String metricsToken = "metrics-" + "m".repeat(40);
        String quangNinh = tokens.generate("VN-22");
        IngestServer exposed = IngestServer.start(vertx, IngestFixtures.onFixtureDay(IngestConfig.defaults(
                SharedKafka.bootstrapServers(), REGISTRY).withHost("0.0.0.0").withPort(0).withTopicPrefix(prefix).withMetricsToken(metricsToken)),
                tokens).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        try {
            HttpResponse<String> none = send(request(exposed, "/metrics").GET().build());
            HttpResponse<String> wrong = send(request(exposed, "/metrics").header("Authorization", "Bearer " + metricsToken + "x").GET().build());
            HttpResponse<String> province = send(request(exposed, "/metrics").header("Authorization", "Bearer " + quangNinh).GET().build());
            HttpResponse<String> headNone = send(request(exposed, "/metrics").method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
            HttpResponse<String> byMetricsToken = send(request(exposed, "/metrics").header("Authorization", "Bearer " + metricsToken).GET().build());
            HttpResponse<String> byNational = send(request(exposed, "/metrics").header("Authorization", "Bearer " + rootToken).GET().build());
            HttpResponse<String> health = send(request(exposed, "/health").GET().build());

            for (HttpResponse<String> refused : List.of(none, wrong)) {
                assertThat(refused.statusCode()).as(refused.body()).isEqualTo(401);
                assertThat(refused.headers().firstValue("WWW-Authenticate")).contains("Bearer");
                assertThat(body(refused).get("errors").get(0).get("field").asText()).isEqualTo("Authorization");
                assertThat(refused.body()).doesNotContain("ingest_requests_total");
            }
            assertThat(body(none).get("errors").get(0).get("message").asText()).contains("INGEST_METRICS_TOKEN");
            assertThat(province.statusCode()).as(province.body()).isEqualTo(403);
            assertThat(body(province).get("errors").get(0).get("message").asText()).contains("reports for VN-22");
            assertThat(headNone.statusCode()).isEqualTo(401);
            assertThat(byMetricsToken.statusCode()).isEqualTo(200);
            assertThat(byMetricsToken.body()).contains("ingest_inflight_bytes");
            assertThat(byNational.statusCode()).isEqualTo(200);
            assertThat(health.statusCode()).as("only /metrics is behind the rule").isEqualTo(200);
            // On loopback (this test's other server) it stays open: metricsCountRequestsByStatus reads it without a token.
            assertThat(send(request("/metrics").GET().build()).statusCode()).isEqualTo(200);
        } finally {
            exposed.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void answers503WhenKafkaIsUnreachable(Vertx vertx) throws Exception {
        // Deliberately not the shared broker: an address where no Kafka listens.
        IngestConfig nowhere = IngestFixtures.onFixtureDay(IngestConfig.defaults("127.0.0.1:" + closedPort(), REGISTRY)
                .withPort(0));
        IngestServer down = IngestServer.start(vertx, nowhere, tokens).toCompletionStage().toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        try {
            HttpResponse<String> health = send(request(down, "/health").GET().build());
            HttpResponse<String> post = send(request(down, "/api/v1/readings").header("Authorization", "Bearer " + rootToken)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json(QN_1, 1, 10)))
                    .build());

            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(body(health).get("status").asText()).isEqualTo("DOWN");
            assertThat(body(health).get("reason").asText()).isNotBlank();
            assertThat(post.statusCode()).as(post.body()).isEqualTo(503);
            assertThat(post.headers().firstValue("Retry-After")).contains(ReadingsHandler.UNAVAILABLE_RETRY_AFTER_SECONDS);
            assertThat(body(post).get("errors").get(0).get("message").asText())
                    .startsWith("Kafka cannot take readings now (").endsWith("; retry the same batch");
        } finally {
            down.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    private HttpResponse<String> post(String token, String body) throws IOException, InterruptedException {
        return send(request("/api/v1/readings").header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.getBytes(StandardCharsets.UTF_8))).build());
    }

    private HttpRequest.Builder request(String path) {
        return request(server, path);
    }

    private static HttpRequest.Builder request(IngestServer target, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + target.port() + path)).timeout(WAIT);
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode body(HttpResponse<String> response) throws IOException {
        return Json.MAPPER.readTree(response.body());
    }

    /** One HTTP/1.1 request on a kept-alive raw socket; returns the status line and the body. */
    private static String exchange(Socket socket, String authorization, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /api/v1/readings HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Authorization: " + authorization + "\r\nContent-Length: " + bytes.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after " + head);
            }
            head.write(b);
        }
        String headers = head.toString(StandardCharsets.US_ASCII);
        int length = Integer.parseInt(headers.lines().filter(l -> l.toLowerCase().startsWith("content-length:"))
                .findFirst().orElseThrow().substring("content-length:".length()).trim());
        return headers.lines().findFirst().orElseThrow() + " "
                + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
