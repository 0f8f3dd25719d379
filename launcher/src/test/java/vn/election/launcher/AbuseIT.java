package vn.election.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.election.ingest.TokenStore;
import vn.election.jobs.RegistryRef;
import vn.election.model.json.Json;
import vn.election.model.registry.Registry;
import vn.election.model.registry.Unit;
import vn.election.testing.SharedKafka;
import vn.election.testing.TestRegistries;

/**
 * The whole embedded system (broker, job, ingest, dashboard in one process) under the attacks of
 * docs/security.md: one token's slow bodies, connection floods on both ports and a forged Host; a fresh client
 * still gets 202, both /health answer 200 and the figures equal every reading accepted.
 */
class AbuseIT {

    /** Ten attacking addresses of 127/8 (all loopback on Linux); the real clients come from 127.0.0.1. */
    private static final int ATTACKERS = 10;
    private static final int ATTEMPTS_PER_SERVER = 20_000;
    /** Connections held at once by the attack: above a server's total cap at 20,000 open files (2,500). */
    private static final int WAVE = 3_000;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void floodsOfConnectionsLeaveTheSystemServingAndTheTotalsExact(@TempDir Path dataDir) throws Exception {
        Path registryFile = dataDir.resolve("registry.csv");
        Files.writeString(registryFile, TestRegistries.TINY_2026_CSV);
        Registry registry = TestRegistries.tiny2026();
        // Two tokens: the reporting unit that must keep working, and an attacker's (one province, 5 readings/s).
        Path store = dataDir.resolve("tokens");
        TokenStore tokens = new TokenStore(store, Clock.systemUTC());
        String reporter = tokens.create(registry.root(), "national centre", null).token();
        String attacker = tokens.create(registry.children(registry.root()).get(0), "stolen", 5).token();
        SystemConfig config = new SystemConfig(registry, RegistryRef.file(registryFile), "127.0.0.1", 0, 0,
                dataDir.resolve("data"), SharedKafka.bootstrapServers(), SharedKafka.freshPrefix("abuse", 4),
                null, -1, 7, null, store); // no simulator: every reading is this test's
        List<String> stations = java.util.stream.StreamSupport.stream(registry.units().spliterator(), false)
                .map(Unit::id).filter(registry::isLeaf).sorted().toList();

        try (EmbeddedSystem system = EmbeddedSystem.start(config)) {
            // Counters are cumulative: a station's figure is its latest reading's.
            postAll(system, reporter, stations, 1, 10);

            // The slow-body attack: 70 connections of one valid token declare 1 MiB each and send a byte a second.
            List<Socket> slow = new ArrayList<>();
            for (int i = 0; i < 70; i++) {
                Socket s = connect("127.0.0." + (20 + i % ATTACKERS), system.ingestPort());
                s.getOutputStream().write(("POST /api/v1/readings HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                        + attacker + "\r\nContent-Type: application/json\r\nContent-Length: 1048576\r\n\r\n[")
                        .getBytes(StandardCharsets.US_ASCII));
                slow.add(s);
            }
            for (int second = 0; second < 4; second++) {
                Thread.sleep(1_000);
                for (Socket s : slow) {
                    try {
                        s.getOutputStream().write(' ');
                    } catch (IOException e) {
                        // refused (429) and closed by the server: what the fair share is for
                    }
                }
            }
            // While the attack goes on, the reporting unit is served.
            postAll(system, reporter, stations, 2, 15);
            assertThat(status(system.ingestPort(), "/health")).isEqualTo(200);
            for (Socket s : slow) {
                s.close();
            }

            long maxDescriptors = maxFileDescriptors();
            long caps = (long) metric(get(system.ingestPort(), "/metrics"), "ingest_connections_max")
                    + (long) metric(get(system.dashboardPort(), "/metrics"), "dashboard_connections_max");
            long before = openFileDescriptors();
            long peakDescriptors = 0;
            for (int port : new int[] {system.ingestPort(), system.dashboardPort()}) {
                int attempts = 0;
                while (attempts < ATTEMPTS_PER_SERVER) {
                    // A wave above the total cap (2,500 at 20,000 files), from ten addresses.
                    List<Socket> wave = new ArrayList<>();
                    for (int i = 0; i < WAVE && attempts < ATTEMPTS_PER_SERVER; i++, attempts++) {
                        try {
                            wave.add(connect("127.0.0." + (2 + i % ATTACKERS), port));
                        } catch (IOException e) {
                            // the listen backlog overflowing is part of a flood; the server's side is what is checked
                        }
                    }
                    peakDescriptors = Math.max(peakDescriptors, openFileDescriptors());
                    for (Socket s : wave) {
                        s.close();
                    }
                }
            }
            System.out.printf("flood: %,d connection attempts on each port; open files %,d before, peaked at %,d of %,d"
                    + " (the attack's own %,d sockets included; the servers' caps together %,d)%n",
                    ATTEMPTS_PER_SERVER, before, peakDescriptors, maxDescriptors, WAVE, caps);
            // The attackers' own sockets live in this process too (3,000 at a time); beside them, the servers
            // never held more than their caps: over-cap connections are closed as they are accepted.
            assertThat(peakDescriptors - before).isLessThanOrEqualTo(WAVE + caps);
            assertThat(peakDescriptors).isLessThan(maxDescriptors);

            // A Host the servers do not answer to: refused on both (DNS rebinding), with the field named.
            // (The flood's last connections may still be closing: asked again until a connection is admitted.)
            for (int port : new int[] {system.ingestPort(), system.dashboardPort()}) {
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                        assertThat(rawGet(port, "evil.example:" + port, "/api/v1/alerts"))
                                .startsWith("HTTP/1.1 421").contains("\"field\":\"Host\""));
            }

            // After: a fresh client is served, both servers are healthy and every accepted reading counts.
            postAll(system, reporter, stations, 3, 25);
            assertThat(status(system.ingestPort(), "/health")).isEqualTo(200);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(status(system.dashboardPort(), "/health")).isEqualTo(200));
            long expected = 25L * stations.size();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(getJson(system.dashboardPort(), "/api/v1/units/" + registry.root()).path("voted").asLong())
                            .isEqualTo(expected));
            String ingestMetrics = get(system.ingestPort(), "/metrics");
            String dashboardMetrics = get(system.dashboardPort(), "/metrics");
            double ingestRefused = metric(ingestMetrics, "ingest_connections_refused_total");
            double dashboardRefused = metric(dashboardMetrics, "dashboard_connections_refused_total");
            System.out.printf("refused over the caps: ingest %,.0f, dashboard %,.0f%n", ingestRefused, dashboardRefused);
            // The caps refused connections on both ports. How many depends on how fast each wave's resets are
            // processed before the next (2,751 to 15,454 seen), so only that some were is asserted; the bound
            // that matters, the descriptors held, is asserted above.
            assertThat(ingestRefused).isPositive();
            assertThat(dashboardRefused).isPositive();
            assertThat(metric(ingestMetrics, "ingest_connections_open")).isLessThanOrEqualTo(
                    metric(ingestMetrics, "ingest_connections_max"));
        }
    }

    /** One reading per station with this seq and {@code voted}; all accepted, or the test fails. */
    private void postAll(EmbeddedSystem system, String token, List<String> stations, int seq, int voted) throws Exception {
        StringBuilder body = new StringBuilder("[");
        for (String station : stations) {
            body.append(body.length() > 1 ? "," : "").append("{\"station_id\":\"").append(station)
                    .append("\",\"seq\":").append(seq).append(",\"observed_at\":\"2021-05-23T")
                    .append(String.format("%02d", 8 + seq)).append(":00:00+07:00\",\"voted\":").append(voted).append('}');
        }
        body.append(']');
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + system.ingestPort()
                        + "/api/v1/readings")).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    }

    private static Socket connect(String from, int port) throws IOException {
        Socket s = new Socket();
        try {
            s.setSoLinger(true, 0); // closed with a reset: the flood does not leave this process's ports in TIME_WAIT
            s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            s.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            return s;
        } catch (IOException e) {
            s.close(); // a failed connect still holds a descriptor until closed
            throw e;
        }
    }

    /** A GET with the given Host header, over a plain socket (HttpClient will not forge one): the whole answer. */
    private static String rawGet(int port, String host, String path) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nOrigin: http://" + host
                    + "\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private int status(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private String get(int port, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return r.body();
    }

    private JsonNode getJson(int port, String path) throws Exception {
        return Json.MAPPER.readTree(get(port, path));
    }

    private static double metric(String scrape, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "(\\{[^}]*\\})? ([0-9.eE+-]+)$").matcher(scrape);
        assertThat(m.find()).as(name + " in /metrics").isTrue();
        return Double.parseDouble(m.group(2));
    }

    private static long maxFileDescriptors() {
        return ((com.sun.management.UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getMaxFileDescriptorCount();
    }

    private static long openFileDescriptors() {
        return ((com.sun.management.UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getOpenFileDescriptorCount();
    }
}
