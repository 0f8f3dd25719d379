package vn.election.dashboard;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;
import vn.election.model.json.Json;

/** A real websocket client for tests: connects to /ws (with a retry, see STACK-NOTES), records every JSON frame, waits for one. */
final class WsTestClient implements AutoCloseable {

    private static final int ATTEMPTS = 4;

    private final WebSocketClient client;
    private final List<JsonNode> frames = new CopyOnWriteArrayList<>();
    /** When each frame of {@link #frames} arrived, same order. */
    private final List<Long> arrivals = new CopyOnWriteArrayList<>();
    private volatile WebSocket ws;

    private WsTestClient(Vertx vertx) {
        this.client = vertx.createWebSocketClient();
    }

    static WsTestClient connect(Vertx vertx, int port) {
        return connect(vertx, port, o -> { });
    }

    /**
     * Connects, retrying a failed handshake a few times (a fresh Vertx sometimes fails its very first
     * one); a rejection with a status from the server is final and thrown at once.
     */
    static WsTestClient connect(Vertx vertx, int port, Consumer<WebSocketConnectOptions> customize) {
        WsTestClient c = new WsTestClient(vertx);
        RuntimeException last = null;
        for (int i = 0; i < ATTEMPTS; i++) {
            WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/ws");
            customize.accept(options);
            ClientWebSocket socket = c.client.webSocket();
            // Handlers before connecting: the snapshot is the very first frame and must not be missed.
            socket.textMessageHandler(c::record);
            try {
                c.ws = Fixtures.await(socket.connect(options));
                return c;
            } catch (AssertionError e) {
                if (e.getCause() instanceof UpgradeRejectedException rejected) {
                    c.client.close();
                    throw rejected;
                }
                last = new IllegalStateException("websocket connect failed", e);
            }
        }
        c.client.close();
        throw last;
    }

    private void record(String text) {
        long now = System.nanoTime();
        try {
            JsonNode frame = Json.MAPPER.readTree(text);
            // Under the client's own monitor: the two lists stay index-aligned for readers.
            synchronized (this) {
                arrivals.add(now);
                frames.add(frame);
            }
        } catch (IOException e) {
            throw new IllegalStateException("server sent non-JSON: " + text, e);
        }
    }

    void send(String text) {
        Fixtures.await(ws.writeTextMessage(text));
    }

    List<JsonNode> frames() {
        return List.copyOf(frames);
    }

    /** Waits for a frame, received at any time so far, that satisfies the condition. */
    JsonNode awaitFrame(Predicate<JsonNode> condition) {
        await().atMost(Fixtures.WAIT).until(() -> frames.stream().anyMatch(condition));
        return frames.stream().filter(condition).findFirst().orElseThrow();
    }

    /** When the first frame that satisfies the condition arrived (System.nanoTime), after waiting for it. */
    synchronized long arrivalOf(Predicate<JsonNode> condition) {
        for (int i = 0; i < frames.size(); i++) {
            if (condition.test(frames.get(i))) {
                return arrivals.get(i);
            }
        }
        throw new IllegalStateException("no such frame yet");
    }

    /** The episode {@code alertId} in an alerts frame when it carries an acknowledgement, else null. */
    static JsonNode acknowledgedIn(JsonNode frame, String alertId) {
        for (JsonNode a : frame.path("alerts")) {
            if (alertId.equals(a.path("alert_id").asText()) && a.hasNonNull("ack")) {
                return a;
            }
        }
        return null;
    }

    static Predicate<JsonNode> type(String type) {
        return f -> type.equals(f.path("type").asText());
    }

    /** An update frame carrying this unit with this version. */
    static Predicate<JsonNode> updateOf(String unitId, long version) {
        return f -> "update".equals(f.path("type").asText())
                && containsUnit(f.path("units"), unitId, version);
    }

    static boolean containsUnit(JsonNode units, String unitId, long version) {
        for (JsonNode u : units) {
            if (unitId.equals(u.path("unit_id").asText()) && u.path("version").asLong() == version) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        if (ws != null) {
            Fixtures.await(ws.close());
        }
        Fixtures.await(client.close());
    }
}
