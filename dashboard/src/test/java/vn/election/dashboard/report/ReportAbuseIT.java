package vn.election.dashboard.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import vn.election.dashboard.DashboardConfig;
import vn.election.dashboard.DashboardServer;
import vn.election.dashboard.auth.AccessConfig;
import vn.election.dashboard.auth.DashboardUser;
import vn.election.dashboard.auth.PasswordHasher;
import vn.election.dashboard.auth.UsersFile;
import vn.election.model.history.HistoryRecord;
import vn.election.model.json.Json;
import vn.election.model.registry.Registry;
import vn.election.model.registry.RegistryLoader;
import vn.election.model.registry.Unit;
import vn.election.model.unit.UnitSnapshot;
import vn.election.testing.CapturedErrorLogs;
import vn.election.testing.SharedKafka;

/**
 * Attacks on the report endpoint of a dashboard with logins, in DashboardAbuseIT's manner: absurd times, huge
 * and malformed unit ids, format and header injection, and a flood of reports from one address while an
 * operator on another reads a unit and opens a websocket. Every answer is a 4xx with a JSON error (never a
 * 500, never an echoed header), nothing is logged at ERROR, and the instance keeps serving.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportAbuseIT {

    private static final String PASSWORD = "correct horse battery";
    private static final String ATTACKER_ADDRESS = "127.0.0.2";
    private static final int FLOOD = 200;
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final Registry registry = RegistryLoader.bundledDemo();
    private final HttpClient operator = HttpClient.newBuilder().connectTimeout(WAIT).build();
    private Vertx vertx;
    private DashboardServer server;
    private String cookie;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        String prefix = SharedKafka.freshPrefix("ReportAbuseIT");
        try (ReportTopics topics = new ReportTopics(prefix)) {
            for (Unit u : registry.units()) {
                long registered = registry.registeredTotal(u.id());
                topics.point(new HistoryRecord(u.id(), OffsetDateTime.parse("2021-05-23T16:55+07:00"), registered, registered,
                        registry.descendantsAt(u.id(), registry.leafDepth()), null, null));
            }
            topics.flush();
            Unit root = registry.unit(registry.root());
            topics.snapshot(new UnitSnapshot(root.id(), null, root.level(), root.name(), 10, 10, Map.of(), "2021-05-23T18:00:00+07:00", 1));
        }
        Path users = dir.resolve("users.jsonl");
        UsersFile.append(users, new DashboardUser("nation", PasswordHasher.hash(PASSWORD, 4), "VN", "national", 0));
        vertx = Vertx.vertx();
        server = DashboardServer.start(vertx, DashboardConfig.defaults(SharedKafka.bootstrapServers(), registry).withPort(0)
                .withTopicPrefix(prefix).withAccess(new AccessConfig(users, "a report abuse test secret of at least 32 bytes", null)))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> server.caughtUp());
        HttpResponse<String> login = operator.send(HttpRequest.newBuilder(uri("/api/v1/login")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"nation\",\"password\":\"" + PASSWORD + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) {
            server.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void absurdTimesAreRefusedNamingAtAndShortlyEchoed() throws Exception {
        try (CapturedErrorLogs errors = new CapturedErrorLogs()) {
            for (String at : List.of("99:99", "-1:00", "24:00", "17:00:99", "999999999-12-31T23:59", "+999999999-12-31T23:59:59Z",
                    "0000-01-01T00:00", "9999-12-31T23:59", "2021-05-23T17:00+99:00", "%00", "17%3A00%00", "1".repeat(3000),
                    "%E2%80%AE17:00", "NaN", "1e309")) {
                RawReply r = raw("/api/v1/units/VN/report?at=" + at);
                assertThat(r.status()).as(at).isEqualTo(400);
                String error = Json.MAPPER.readTree(r.body()).get("error").asText();
                assertThat(error).as(at).startsWith("at must be").hasSizeLessThan(300);
            }
            // Far outside the day but well formed: answered, saying the figures are the latest.
            RawReply future = raw("/api/v1/units/VN/report?at=2100-12-31T23:59");
            assertThat(future.status()).isEqualTo(200);
            assertThat(Json.MAPPER.readTree(future.body()).at("/as_of/note").asText()).contains("latest figures");
            RawReply past = raw("/api/v1/units/VN/report?at=1970-01-01T00:00Z");
            assertThat(past.status()).isEqualTo(200);
            assertThat(Json.MAPPER.readTree(past.body()).at("/complete_by_level/0/complete").asLong()).isZero();
            assertThat(errors.lines()).isEmpty();
        }
        assertStillServing();
    }

    @Test
    void hugeAndMalformedUnitIdsAre404WithAShortEchoOrRefusedByTheServer() throws Exception {
        try (CapturedErrorLogs errors = new CapturedErrorLogs()) {
            for (String id : List.of("A".repeat(3000), "%00", "..%2F..%2Fetc%2Fpasswd", "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
                    "VN-22%0D%0ASet-Cookie:%20x=y", "VN%2022", "%F0%9F%98%80", "%FF%FE", "VN-22;format=csv")) {
                RawReply r = raw("/api/v1/units/" + id + "/report");
                assertThat(r.status()).as(id).isIn(400, 404);
                assertThat(r.header("set-cookie")).as(id).isNull();
                assertThat(r.header("content-type")).as(id).startsWith("application/json");
                if (r.status() == 404) {
                    assertThat(Json.MAPPER.readTree(r.body()).get("error").asText()).as(id).hasSizeLessThan(200);
                }
            }
            // Longer than the request line may be: the server refuses before any route.
            RawReply tooLong = raw("/api/v1/units/" + "A".repeat(20_000) + "/report");
            assertThat(tooLong.status()).isIn(400, 414);
            assertThat(errors.lines()).isEmpty();
        }
        assertStillServing();
    }

    @Test
    void formatInjectionIsRefusedAndNothingIsEchoedIntoHeaders() throws Exception {
        for (String format : List.of("csv%0D%0AX-Injected:%201", "CSV", "xml", "json,csv", "%00csv", "csv%20%3Cb%3E",
                "x".repeat(1000))) {
            RawReply r = raw("/api/v1/units/VN-22/report?format=" + format);
            assertThat(r.status()).as(format).isEqualTo(400);
            assertThat(r.header("x-injected")).isNull();
            assertThat(Json.MAPPER.readTree(r.body()).get("error").asText()).as(format).startsWith("format must be json or csv, got '")
                    .hasSizeLessThan(100);
        }
        // Given twice, the first counts; a value that only differs by spaces is the same value; ';' separates
        // parameters in Vert.x's query syntax (Netty's decoder), so "csv;" is csv.
        assertThat(raw("/api/v1/units/VN-22/report?format=csv;x=1").header("content-type")).startsWith("text/csv");
        assertThat(raw("/api/v1/units/VN-22/report?format=csv&format=json").header("content-type")).startsWith("text/csv");
        assertThat(raw("/api/v1/units/VN-22/report?format=%20csv%20").status()).isEqualTo(200);
        assertStillServing();
    }

    @Test
    void aFloodOfReportsFromOneAddressDoesNotStopAnOperatorBeingServed() throws Exception {
        ExecutorService attackers = Executors.newFixedThreadPool(64);
        try (CapturedErrorLogs errors = new CapturedErrorLogs()) {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<RawReply>> flood = new ArrayList<>();
            for (int i = 0; i < FLOOD; i++) {
                String path = "/api/v1/units/VN/report?at=17:" + String.format("%02d", i % 60) + (i % 2 == 0 ? "&format=csv" : "");
                flood.add(attackers.submit(() -> {
                    go.await();
                    return RawReply.exchange(ATTACKER_ADDRESS, server.port(), path, cookie);
                }));
            }
            go.countDown();
            long started = System.nanoTime();
            HttpResponse<String> unit = operator.send(HttpRequest.newBuilder(uri("/api/v1/units/VN-22")).header("Cookie", cookie)
                    .timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
            long unitMillis = (System.nanoTime() - started) / 1_000_000;
            assertThat(unit.statusCode()).isEqualTo(200);
            String snapshot = firstWebSocketFrame();
            long wsMillis = (System.nanoTime() - started) / 1_000_000;
            assertThat(Json.MAPPER.readTree(snapshot).get("type").asText()).isEqualTo("snapshot");

            Map<Integer, Long> byStatus = new TreeMap<>();
            for (Future<RawReply> f : flood) {
                try {
                    byStatus.merge(f.get(WAIT.toSeconds(), TimeUnit.SECONDS).status(), 1L, Long::sum);
                } catch (java.util.concurrent.ExecutionException e) {
                    byStatus.merge(-1, 1L, Long::sum);   // a connection the server's per-address cap refused
                }
            }
            long floodMillis = (System.nanoTime() - started) / 1_000_000;
            System.out.println("ReportAbuseIT: during " + FLOOD + " report requests from " + ATTACKER_ADDRESS + " (answered "
                    + byStatus + " within " + floodMillis + " ms), an operator's unit read took " + unitMillis
                    + " ms and a websocket snapshot arrived after " + wsMillis + " ms");
            assertThat(byStatus.keySet()).as("answers to the flood (-1: connection refused by the caps)").isSubsetOf(-1, 200);
            assertThat(byStatus.getOrDefault(200, 0L)).isPositive();
            assertThat(unitMillis).as("an operator's read during the flood").isLessThan(5_000);
            assertThat(errors.lines()).isEmpty();
        } finally {
            attackers.shutdownNow();
        }
        assertStillServing();
    }

    private void assertStillServing() throws Exception {
        HttpResponse<String> health = operator.send(HttpRequest.newBuilder(uri("/health")).timeout(WAIT).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        HttpResponse<String> report = operator.send(HttpRequest.newBuilder(uri("/api/v1/units/VN-22/report?at=17:00"))
                .header("Cookie", cookie).timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(report.statusCode()).as(report.body()).isEqualTo(200);
        JsonNode r = Json.MAPPER.readTree(report.body());
        assertThat(r.at("/complete_by_level/0/complete").asLong()).isEqualTo(24);
        assertThat(Json.MAPPER.readTree(firstWebSocketFrame()).get("type").asText()).isEqualTo("snapshot");
    }

    /** Opens a websocket as a signed-in page would (no Origin: not a browser) and returns its first frame. */
    private String firstWebSocketFrame() throws Exception {
        CompletableFuture<String> first = new CompletableFuture<>();
        StringBuilder text = new StringBuilder();
        WebSocket ws = operator.newWebSocketBuilder().header("Cookie", cookie).connectTimeout(WAIT)
                .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/ws"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            first.complete(text.toString());
                        }
                        socket.request(1);
                        return null;
                    }
                }).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        try {
            return first.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } finally {
            ws.abort();
        }
    }

    private RawReply raw(String target) throws IOException {
        return RawReply.exchange("127.0.0.1", server.port(), target, cookie);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    /** One GET over a plain socket bound to a chosen local address, so any bytes may be in the target. */
    record RawReply(int status, Map<String, String> headers, byte[] body) {

        static RawReply exchange(String localAddress, int port, String target, String cookie) throws IOException {
            try (Socket socket = new Socket()) {
                socket.bind(new InetSocketAddress(localAddress, 0));
                socket.connect(new InetSocketAddress("127.0.0.1", port), (int) WAIT.toMillis());
                socket.setSoTimeout((int) WAIT.toMillis());
                OutputStream out = socket.getOutputStream();
                out.write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nCookie: " + cookie
                        + "\r\nAccept-Encoding: identity\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                InputStream in = socket.getInputStream();
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                in.transferTo(all);
                return parse(all.toByteArray());
            }
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        private static RawReply parse(byte[] raw) {
            String text = new String(raw, StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            if (end < 0) {
                throw new AssertionError("no complete HTTP head in: " + text);
            }
            String[] lines = text.substring(0, end).split("\r\n");
            Map<String, String> headers = java.util.Arrays.stream(lines).skip(1).filter(l -> l.indexOf(':') > 0)
                    .collect(Collectors.toMap(l -> l.substring(0, l.indexOf(':')).trim().toLowerCase(Locale.ROOT),
                            l -> l.substring(l.indexOf(':') + 1).trim(), (a, b) -> a + ", " + b));
            byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
            // Chunked bodies (CSV) are not de-chunked: the tests read JSON bodies, which Vert.x sends with a length.
            return new RawReply(Integer.parseInt(lines[0].split(" ")[1]), headers, body);
        }
    }
}
