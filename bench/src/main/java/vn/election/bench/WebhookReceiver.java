package vn.election.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import vn.election.delivery.WebhookVerificationException;
import vn.election.delivery.WebhookVerifier;
import vn.election.model.json.Json;

/**
 * A real webhook receiver on a free loopback port (the JDK's HTTP server): takes each request's arrival
 * time before reading its body, verifies its Standard Webhooks signature ({@link WebhookVerifier}, 401 when it
 * fails), and records, per polling area, when the first firing notification of one alert kind that lists it arrived.
 */
final class WebhookReceiver implements AutoCloseable {

    /** When a unit's alert first arrived: monotonic nanos (for the interval) and wall-clock millis (against Kafka timestamps). */
    record Arrival(long nanos, long wallMillis) {
    }

    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "webhook-receiver");
        t.setDaemon(true);
        return t;
    });
    private final WebhookVerifier verifier;
    private final String kind;
    private final Map<String, Arrival> firstByUnit = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private volatile String lastRejection = "";

    WebhookReceiver(String secret, String kind) throws IOException {
        this.verifier = new WebhookVerifier(secret);
        this.kind = kind;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(pool);
        server.start();
    }

    private void handle(HttpExchange exchange) throws IOException {
        long nanos = System.nanoTime();
        long wall = System.currentTimeMillis();
        requests.incrementAndGet();
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        int status = 204;
        try {
            verifier.verify(exchange.getRequestHeaders().getFirst("webhook-id"),
                    exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                    exchange.getRequestHeaders().getFirst("webhook-signature"), body, Instant.now());
            JsonNode n = Json.MAPPER.readTree(body);
            if (kind.equals(n.path("kind").asText()) && "firing".equals(n.path("state").asText())) {
                for (JsonNode a : n.path("alerts")) {
                    firstByUnit.putIfAbsent(a.path("unit_id").asText(), new Arrival(nanos, wall));
                }
            }
        } catch (WebhookVerificationException e) {
            rejected.incrementAndGet();
            lastRejection = e.getMessage();
            status = 401;
        } catch (IOException | RuntimeException e) {
            rejected.incrementAndGet();
            lastRejection = "unreadable body: " + e;
            status = 400;
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/alerts");
    }

    /** The first firing notification listing {@code unitId}, or null while none came. */
    Arrival first(String unitId) {
        return firstByUnit.get(unitId);
    }

    long requests() {
        return requests.get();
    }

    /** Requests refused (bad signature or body); the bench fails the phase on any. */
    long rejected() {
        return rejected.get();
    }

    String lastRejection() {
        return lastRejection;
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
