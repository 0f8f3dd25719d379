package vn.election.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.election.model.json.Json;

/**
 * A real websocket client of the dashboard, subscribed to the marker station's commune: hands every
 * figure it sees of the marker station and of its commune to their current {@link MarkerLedger}s, and
 * keeps the root's voted.
 */
final class MarkerWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MarkerWatcher.class);

    private final Vertx vertx = Vertx.vertx();
    // A field, not a local: Vert.x closes a client (and its sockets) once the client object is unreachable.
    private final WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
            .setMaxMessageSize(16 << 20).setMaxFrameSize(1 << 20));
    private volatile boolean closing;
    private final String station;
    private final String commune;
    private final String rootId;
    private volatile MarkerLedger stationLedger;
    private volatile MarkerLedger communeLedger;
    private volatile long stationVoted;
    private volatile long rootVoted;
    private volatile long frames;

    private MarkerWatcher(String station, String commune, String rootId) {
        this.station = station;
        this.commune = commune;
        this.rootId = rootId;
    }

    /** Connects (retrying a failed handshake, see STACK-NOTES) and subscribes to {@code commune}. */
    static MarkerWatcher connect(int port, String commune, String station, String rootId) {
        MarkerWatcher w = new MarkerWatcher(station, commune, rootId);
        Exception last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            ClientWebSocket ws = w.client.webSocket();
            ws.textMessageHandler(w::onText);
            ws.closeHandler(v -> {
                if (!w.closing) {
                    LOG.warn("The dashboard closed the measuring websocket (status {}, {}): no more frames will be timed",
                            ws.closeStatusCode(), ws.closeReason());
                }
            });
            try {
                ws.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/ws"))
                        .await(30, TimeUnit.SECONDS);
                ws.writeTextMessage("{\"type\":\"subscribe\",\"unit\":\"" + commune + "\"}").await(30, TimeUnit.SECONDS);
                return w;
            } catch (Exception e) {
                last = e;
                LOG.debug("websocket connect failed, retrying: {}", e.toString());
            }
        }
        w.close();
        throw new IllegalStateException("cannot connect a websocket to the dashboard on port " + port, last);
    }

    /** From now on, the station's figures go to {@code forStation}, the commune's to {@code forCommune}. */
    void use(MarkerLedger forStation, MarkerLedger forCommune) {
        stationLedger = forStation;
        communeLedger = forCommune;
    }

    private void onText(String text) {
        long now = System.nanoTime();
        frames++;
        JsonNode f;
        try {
            f = Json.MAPPER.readTree(text);
        } catch (IOException e) {
            LOG.warn("dashboard sent non-JSON: {}", text);
            return;
        }
        switch (f.path("type").asText()) {
            case "snapshot" -> {
                see(f.path("unit"), now);
                f.path("children").forEach(u -> see(u, now));
                see(f.path("root"), now);
            }
            case "update" -> f.path("units").forEach(u -> see(u, now));
            default -> {
            }
        }
    }

    private void see(JsonNode unit, long now) {
        String id = unit.path("unit_id").asText();
        long voted = unit.path("voted").asLong();
        if (id.equals(station)) {
            stationVoted = Math.max(stationVoted, voted);
            MarkerLedger l = stationLedger;
            if (l != null) {
                l.shown(voted, now);
            }
        } else if (id.equals(commune)) {
            MarkerLedger l = communeLedger;
            if (l != null) {
                l.shown(voted, now);
            }
        } else if (id.equals(rootId)) {
            rootVoted = Math.max(rootVoted, voted);
        }
    }

    /** The highest voted figure seen for the marker station. */
    long stationVoted() {
        return stationVoted;
    }

    /** The highest national total seen: readings the job has applied, since every reading adds one voter. */
    long rootVoted() {
        return rootVoted;
    }

    long frames() {
        return frames;
    }

    @Override
    public void close() {
        closing = true;
        try {
            vertx.close().await(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            // Its threads are daemons; the run goes on.
        }
    }
}
