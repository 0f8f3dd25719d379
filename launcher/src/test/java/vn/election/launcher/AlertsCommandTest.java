package vn.election.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import vn.election.delivery.WebhookSigner;

class AlertsCommandTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @Test
    void answersHelpForAlertsAndTail() {
        CommandRun o = CommandRun.of("alerts", "tail", "--help");
        assertThat(o.exitCode()).isZero();
        assertThat(o.out()).contains("--bootstrap", "--prefix", "--listen", "--webhook-secret", "--limit");
        assertThat(CommandRun.of("--help").out()).contains("alerts");
    }

    @Test
    void refusesBadArgumentsInOneLine() {
        assertThat(CommandRun.of("alerts", "tail", "--listen", "8099", "--webhook-secret", "")).satisfies(o -> {
            assertThat(o.exitCode()).isEqualTo(2);
            assertThat(o.err().strip()).doesNotContain("\n").contains("--listen needs --webhook-secret");
        });
        assertThat(CommandRun.of("alerts", "tail", "--listen", "70000", "--webhook-secret", "s").err())
                .contains("--listen must be 0..65535");
        assertThat(CommandRun.of("alerts", "tail", "--listen", "0", "--webhook-secret", "whsec_!!").err())
                .contains("--webhook-secret");
        assertThat(CommandRun.of("alerts", "tail", "--bootstrap", "").err()).contains("give --bootstrap");
        assertThat(CommandRun.of("alerts", "tail", "--limit", "-1", "--bootstrap", "x:1").exitCode()).isEqualTo(2);
        assertThat(CommandRun.of("alerts").exitCode()).isEqualTo(2);
        assertThat(CommandRun.of("run", "--webhook-url", "http://127.0.0.1:9/", "--webhook-secret", "").err())
                .contains("--webhook-url needs --webhook-secret");
        assertThat(CommandRun.of("run", "--webhook-url", "ftp://x/", "--webhook-secret", "s").err())
                .contains("--webhook-url must be an http");
    }

    @Test
    void asAReceiverItVerifiesDeduplicatesAndAnswers204() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String[] args = {"alerts", "tail", "--listen", String.valueOf(port), "--webhook-secret", SECRET, "--limit", "2"};
        CompletableFuture<CommandRun> run = CompletableFuture.supplyAsync(() -> CommandRun.of(args));
        HttpClient http = HttpClient.newHttpClient();
        URI uri = URI.create("http://127.0.0.1:" + port + "/");
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                .until(() -> post(http, uri, "msg_a", body("X-1", 2), SECRET) == 204);
        assertThat(post(http, uri, "msg_a", body("X-1", 2), SECRET)).isEqualTo(204);
        assertThat(post(http, uri, "msg_b", body("X-2", 1), "whsec_" + "A".repeat(32))).isEqualTo(401);
        assertThat(post(http, uri, "msg_c", body("X-2", 1), SECRET)).isEqualTo(204);
        CommandRun o = run.get();
        assertThat(o.exitCode()).isZero();
        assertThat(o.out()).contains("Listening on http://127.0.0.1:" + port)
                .contains("msg_a  FIRING SILENT_STATION at X-1 (Tỉnh Một): 2 alert(s)")
                .contains("duplicate msg_a")
                .contains("rejected msg_b: no valid v1 signature")
                .contains("msg_c  FIRING SILENT_STATION at X-2");
    }

    private static int post(HttpClient http, URI uri, String id, String body, String secret) throws Exception {
        long ts = Instant.now().getEpochSecond();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest r = HttpRequest.newBuilder(uri).header("webhook-id", id).header("webhook-timestamp", Long.toString(ts))
                .header("webhook-signature", WebhookSigner.fromSecret(secret).sign(id, ts, bytes))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
        return http.send(r, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String body(String unit, int count) {
        StringBuilder alerts = new StringBuilder();
        for (int i = 0; i < count; i++) {
            alerts.append(i == 0 ? "" : ",").append("{\"alert_id\":\"a").append(i).append("\",\"kind\":\"SILENT_STATION\",")
                    .append("\"unit_id\":\"").append(unit).append("-c-").append(i).append("\",\"severity\":\"warning\",")
                    .append("\"state\":\"firing\",\"started_at\":\"2026-03-15T09:00:00+07:00\",\"message\":\"silent\"}");
        }
        return "{\"type\":\"alert_group\",\"group_key\":\"SILENT_STATION/firing/" + unit + "\",\"kind\":\"SILENT_STATION\","
                + "\"state\":\"firing\",\"unit_id\":\"" + unit + "\",\"unit_name\":\"" + (unit.equals("X-1") ? "Tỉnh Một" : "Tỉnh Hai")
                + "\",\"count\":" + count + ",\"repeat\":0,\"alerts\":[" + alerts + "]}";
    }
}
