package vn.election.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.election.ingest.IngestFixtures.QN_1;
import static vn.election.ingest.IngestFixtures.REGISTRY;
import static vn.election.ingest.IngestFixtures.json;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import vn.election.model.reading.Reading;
import vn.election.model.topic.Topic;
import vn.election.model.topic.Topics;
import vn.election.testing.SharedKafka;

/**
 * Hostile clients against a real ingest on the shared real broker, over real sockets: bodies that
 * trickle, bodies cut by a reset.
 */
class IngestAbuseIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final IngestTokens tokens = new IngestTokens();
    private final String rootToken = tokens.generate("VN");
    private Vertx vertx;
    private Topic<String, Reading> readingsTopic;
    private IngestServer server;

    @BeforeEach
    void start(TestInfo info) throws Exception {
        String prefix = SharedKafka.freshPrefix(info.getTestMethod().orElseThrow().getName());
        readingsTopic = Topics.READINGS.withPrefix(prefix);
        vertx = Vertx.vertx();
        server = IngestServer.start(vertx, IngestConfig.defaults(SharedKafka.bootstrapServers(), REGISTRY)
                .withPort(0).withTopicPrefix(prefix), tokens).toCompletionStage().toCompletableFuture()
                .get(60, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
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
                    // Let the server start reading the body, then reset: SO_LINGER 0 makes close() send an RST.
                    Thread.sleep(200);
                    socket.setSoLinger(true, 0);
                }
            }
            HttpResponse<String> accepted = post(rootToken, json(QN_1, 1, 10));
            String metrics = get("/metrics").body();

            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            assertThat(metrics).contains("ingest_requests_total{status=\"202\"} 1.0").doesNotContain("status=\"500\"");
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
}
