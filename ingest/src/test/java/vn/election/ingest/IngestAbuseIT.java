package vn.election.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static vn.election.ingest.IngestFixtures.HN_1;
import static vn.election.ingest.IngestFixtures.QN_1;
import static vn.election.ingest.IngestFixtures.QN_2;
import static vn.election.ingest.IngestFixtures.REGISTRY;
import static vn.election.ingest.IngestFixtures.json;
import static vn.election.ingest.IngestFixtures.reading;

import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import vn.election.model.reading.Reading;
import vn.election.model.topic.Topic;
import vn.election.model.topic.Topics;
import vn.election.testing.SharedKafka;
import vn.election.testing.TopicDrain;
import vn.election.testing.CapturedErrorLogs;

/**
 * Hostile clients against a real ingest on the shared real broker, over real sockets: one token
 * trickling 1 MiB bodies on 70 connections (the attack of issue 14), and uploads cut by a reset.
 */
class IngestAbuseIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Short, so the attack's bodies run out of time within the test. */
    private static final Duration BODY_DEADLINE = Duration.ofSeconds(4);
    private static final int ATTACK_CONNECTIONS = 70;
    private static final int DECLARED = 1024 * 1024;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final IngestTokens tokens = new IngestTokens();
    private final String rootToken = tokens.generate("VN");
    private Vertx vertx;
    private Topic<String, Reading> readingsTopic;
    private IngestConfig config;
    private IngestServer server;

    @BeforeEach
    void start(TestInfo info) throws Exception {
        String prefix = SharedKafka.freshPrefix(info.getTestMethod().orElseThrow().getName());
        readingsTopic = Topics.READINGS.withPrefix(prefix);
        vertx = Vertx.vertx();
        config = IngestFixtures.onFixtureDay(IngestConfig.defaults(SharedKafka.bootstrapServers(), REGISTRY)
                .withPort(0).withTopicPrefix(prefix).withBodyDeadline(BODY_DEADLINE));
        server = IngestServer.start(vertx, config, tokens).toCompletionStage().toCompletableFuture()
                .get(60, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void oneTokenTricklingBodiesOnManyConnectionsStarvesNoOtherToken() throws Exception {
        // As observed: a valid token limited to 5 readings/s opens 70 connections that each declare a
        // 1 MiB body and send it a byte at a time (70 MiB declared, more than the whole 64 MiB budget).
        String attacker = IngestTokens.newToken();
        tokens.replaceStored(List.of(new TokenRecord("t_0a77ac4e00", IngestTokens.hash(attacker), "VN-22", "attacker",
                Instant.now(), null, 5)), IngestConfig.DEFAULT_TOKEN_RATE);
        String hanoi = tokens.generate("VN-01");
        List<Socket> sockets = new ArrayList<>();
        ExecutorService readers = Executors.newFixedThreadPool(ATTACK_CONNECTIONS);
        ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < ATTACK_CONNECTIONS; i++) {
                Socket socket = new Socket("127.0.0.1", server.port());
                socket.setSoTimeout((int) WAIT.toMillis());
                sockets.add(socket);
                socket.getOutputStream().write(("POST /api/v1/readings HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Content-Type: application/json\r\nAuthorization: Bearer " + attacker + "\r\n"
                        + "Content-Length: " + DECLARED + "\r\n\r\n[").getBytes(StandardCharsets.US_ASCII));
                answers.add(readers.submit(() -> statusLine(socket)));
            }
            trickle.scheduleAtFixedRate(() -> sockets.forEach(IngestAbuseIT::sendOneByte), 1, 1, TimeUnit.SECONDS);
            // Every connection is either receiving its body or already refused.
            await().atMost(WAIT).until(() -> {
                String m = get("/metrics").body();
                return metric(m, "ingest_inflight_bodies") + metric(m, "ingest_shed_total{reason=\"token_bodies\"}")
                        == ATTACK_CONNECTIONS;
            });

            HttpResponse<String> national = post(rootToken, json(QN_1, 1, 10));
            HttpResponse<String> other = post(hanoi, json(HN_1, 1, 20));
            HttpResponse<String> attackerAgain = post(attacker, json(QN_2, 1, 30));
            HttpResponse<String> health = get("/health");
            String during = get("/metrics").body();

            assertThat(national.statusCode()).as(national.body()).isEqualTo(202);
            assertThat(other.statusCode()).as(other.body()).isEqualTo(202);
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(attackerAgain.statusCode()).as("the attacker's own next body").isEqualTo(429);
            assertThat(attackerAgain.body()).contains("token t_0a77ac4e00 is already sending 8 request bodies at once");
            assertThat(attackerAgain.headers().firstValue("Retry-After")).contains("1");
            assertThat(metric(during, "ingest_inflight_bodies")).as("the attacker's bodies being received")
                    .isEqualTo(IngestConfig.DEFAULT_MAX_BODIES_PER_TOKEN);
            assertThat(metric(during, "ingest_inflight_bytes")).as("held: the bytes that arrived, not the 8 MiB declared")
                    .isLessThan(1000);

            Map<String, Integer> byStatus = new TreeMap<>();
            for (Future<String> answer : answers) {
                byStatus.merge(answer.get(WAIT.toSeconds(), TimeUnit.SECONDS), 1, Integer::sum);
            }
            assertThat(byStatus).as("the attack's answers: refused at once, or out of time after the deadline")
                    .containsExactlyInAnyOrderEntriesOf(Map.of(
                            "HTTP/1.1 408 Request Timeout", IngestConfig.DEFAULT_MAX_BODIES_PER_TOKEN,
                            "HTTP/1.1 429 Too Many Requests", ATTACK_CONNECTIONS - IngestConfig.DEFAULT_MAX_BODIES_PER_TOKEN));
        } finally {
            trickle.shutdownNow();
            readers.shutdownNow();
            for (Socket s : sockets) {
                s.close();
            }
        }
        await().atMost(WAIT).untilAsserted(() -> {
            String after = get("/metrics").body();
            assertThat(metric(after, "ingest_inflight_bytes")).as("every byte released").isZero();
            assertThat(metric(after, "ingest_inflight_bodies")).isZero();
        });
        // Both readings were acknowledged before this point and nothing else writes to the topic.
        long total = TopicDrainEnd.endOffsetsTotal(readingsTopic);
        List<ConsumerRecord<String, Reading>> records = TopicDrain.readUntil(readingsTopic, r -> r.size() >= total, WAIT);
        assertThat(total).isEqualTo(2);
        assertThat(records).extracting(ConsumerRecord::value).containsExactlyInAnyOrder(reading(QN_1, 1, 10),
                reading(HN_1, 1, 20));
    }

    @Test
    void aClientResettingMidUploadIsNeitherA500NorAnErrorLog() throws Exception {
        try (CapturedErrorLogs errors = new CapturedErrorLogs()) {
            for (int i = 0; i < 5; i++) {
                try (Socket socket = new Socket("127.0.0.1", server.port())) {
                    OutputStream out = socket.getOutputStream();
                    out.write(("POST /api/v1/readings HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                            + "Authorization: Bearer " + rootToken + "\r\nContent-Length: 100000\r\n\r\n[" + " ".repeat(5000))
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    // The server is reading the body; then SO_LINGER 0 makes close() send a reset.
                    await().atMost(WAIT).until(() -> metric(get("/metrics").body(), "ingest_inflight_bytes") >= 5001);
                    socket.setSoLinger(true, 0);
                }
                await().atMost(WAIT).until(() -> metric(get("/metrics").body(), "ingest_inflight_bytes") == 0);
            }
            HttpResponse<String> accepted = post(rootToken, json(QN_1, 1, 10));
            String metrics = get("/metrics").body();

            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            assertThat(metrics).contains("ingest_requests_total{status=\"202\"} 1.0").doesNotContain("status=\"500\"");
            assertThat(metric(metrics, "ingest_inflight_bodies")).as("the cut bodies are released").isZero();
            assertThat(errors.lines()).as("ERROR lines logged").isEmpty();
        }
    }

    private HttpResponse<String> post(String token, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri("/api/v1/readings")).timeout(WAIT)
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(WAIT).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    /** The value of one sample line of the Prometheus text ({@code name} with its labels, if any); 0 when absent. */
    static double metric(String scrape, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + " (\\S+)$").matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static void sendOneByte(Socket socket) {
        try {
            OutputStream out = socket.getOutputStream();
            out.write(' ');
            out.flush();
        } catch (IOException e) {
            // Answered and closed by the server: nothing more to send on it.
        }
    }

    /** Blocks until the server answers on {@code socket}; its status line, or what ended the wait. */
    private static String statusLine(Socket socket) {
        try {
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b >= 0 && b != '\r'; b = in.read()) {
                line.write(b);
            }
            return line.toString(StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return "no answer: " + e;
        }
    }
}
