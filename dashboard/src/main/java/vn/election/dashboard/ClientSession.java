package vn.election.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.http.ServerWebSocket;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.election.model.json.Json;
import vn.election.model.unit.UnitSnapshot;

/**
 * One connected websocket client: reads its subscribe messages, and on each push tick writes it a
 * snapshot, an update of the changed units in its view, or a heartbeat, unless its write queue is full.
 * Runs on the event loop of the dashboard verticle only.
 */
final class ClientSession {

    private static final Logger LOG = LoggerFactory.getLogger(ClientSession.class);
    /** Keeps idle connections (nights, before opening) from looking dead to the page's watchdog and to proxies. */
    static final Duration HEARTBEAT_EVERY = Duration.ofSeconds(15);

    private final ServerWebSocket ws;
    private final UnitStore store;
    private final DashboardMetrics metrics;
    private final ClientView view;
    private long lastSentNanos = System.nanoTime();

    ClientSession(ServerWebSocket ws, UnitStore store, DashboardMetrics metrics) {
        this.ws = ws;
        this.store = store;
        this.metrics = metrics;
        this.view = new ClientView(store.registry());
    }

    ClientView view() {
        return view;
    }

    /** Handles one text message from the client: {@code {"type":"subscribe","unit":"VN-22"}}. */
    void onText(String text) {
        JsonNode msg;
        try {
            msg = Json.MAPPER.readTree(text);
        } catch (IOException e) {
            send(Frames.error("message is not JSON"), metrics.errorFrames);
            return;
        }
        if (msg == null || !"subscribe".equals(msg.path("type").asText(null))) {
            send(Frames.error("unknown message; expected {\"type\":\"subscribe\",\"unit\":\"<unit_id>\"}"), metrics.errorFrames);
            return;
        }
        JsonNode unit = msg.get("unit");
        if (unit == null || !unit.isTextual() || store.find(unit.textValue()).isEmpty()) {
            String shown = unit == null ? "nothing" : unit.toString();
            send(Frames.error("no unit " + (shown.length() > 80 ? shown.substring(0, 80) + "..." : shown)
                    + " in the registry; still showing " + view.unitId()), metrics.errorFrames);
            return;
        }
        view.subscribe(unit.textValue());
        // Answer at once when the socket can take it; otherwise the next tick does.
        tick(System.nanoTime());
    }

    /** One push tick for this client, after {@link ClientView#changed} was told what changed. */
    void tick(long nowNanos) {
        boolean news = view.snapshotDue() || view.hasPending();
        if (ws.writeQueueFull()) {
            if (news) {
                // A slow screen gets fewer, newer frames; it never holds back the others.
                metrics.framesSkipped.increment();
            }
            return;
        }
        if (view.snapshotDue()) {
            sendSnapshot();
            return;
        }
        List<UnitSnapshot> fresh = new ArrayList<>();
        for (String id : view.takePending()) {
            UnitSnapshot s = store.get(id);
            if (!view.alreadySent(s)) {
                fresh.add(s);
            }
        }
        if (!fresh.isEmpty()) {
            send(Frames.update(fresh), metrics.updateFrames);
            fresh.forEach(view::sent);
        } else if (nowNanos - lastSentNanos > HEARTBEAT_EVERY.toNanos()) {
            send(Frames.heartbeat(), metrics.heartbeatFrames);
        }
    }

    private void sendSnapshot() {
        String id = view.unitId();
        UnitSnapshot unit = store.get(id);
        List<UnitSnapshot> children = store.children(id);
        UnitSnapshot root = store.get(store.registry().root());
        send(Frames.snapshot(unit, children, store.registry().path(id), root), metrics.snapshotFrames);
        view.snapshotTaken();
        view.sent(unit);
        children.forEach(view::sent);
        view.sent(root);
    }

    void close() {
        ws.close();
    }

    private void send(String frame, Counter counter) {
        if (ws.isClosed()) {
            return;
        }
        lastSentNanos = System.nanoTime();
        counter.increment();
        ws.writeTextMessage(frame).onFailure(e -> LOG.debug("Websocket write to {} failed: {}", ws.remoteAddress(), e.toString()));
    }
}
