package vn.election.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.io.IOException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import vn.election.model.json.Json;

/**
 * Many real websocket clients in one Vert.x instance, each watching the national header: for every
 * root version the feed produced after the client connected, records the time from its production to
 * the first frame that shows it (or a later one) in that client.
 */
final class FanoutClients implements AutoCloseable {

    /** Handshakes in flight while connecting. */
    private static final int CONNECTING = 100;

    private final Vertx vertx = Vertx.vertx();
    private final WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
            .setMaxConnections(100_000).setMaxMessageSize(16 << 20).setMaxFrameSize(1 << 20).setConnectTimeout(60_000));
    private final int port;
    private final RootFeed feed;
    private final String rootId;
    private final Recorder delays = new Recorder(Latencies.HIGHEST_MICROS, 3);
    private final AtomicLong open = new AtomicLong();
    private final AtomicLong closed = new AtomicLong();
    private final AtomicLong failedConnects = new AtomicLong();
    private final AtomicLong frames = new AtomicLong();
    private int started;

    FanoutClients(int port, RootFeed feed, String rootId) {
        this.port = port;
        this.feed = feed;
        this.rootId = rootId;
    }

    /** One client's view of the root: the newest version it has seen, and since when it is connected. */
    private final class Client {
        final long connectedAt = System.nanoTime();
        long lastVersion;

        void onText(String text) {
            long now = System.nanoTime();
            frames.incrementAndGet();
            JsonNode f;
            try {
                f = Json.MAPPER.readTree(text);
            } catch (IOException e) {
                return;
            }
            switch (f.path("type").asText()) {
                case "snapshot" -> seen(f.path("root").path("version").asLong(), now, false);
                case "update" -> {
                    for (JsonNode u : f.path("units")) {
                        if (rootId.equals(u.path("unit_id").asText())) {
                            seen(u.path("version").asLong(), now, true);
                        }
                    }
                }
                default -> {
                }
            }
        }

        private void seen(long version, long now, boolean record) {
            if (record) {
                for (long k = lastVersion + 1; k <= version; k++) {
                    long produced = feed.producedAt(k);
                    if (produced > connectedAt) {
                        delays.recordValue(Math.min(Latencies.HIGHEST_MICROS, Math.max(0, (now - produced) / 1_000)));
                    }
                }
            }
            lastVersion = Math.max(lastVersion, version);
        }
    }

    /** Connects clients until {@code total} have been started, at most {@link #CONNECTING} handshakes at a time. */
    void growTo(int total, Progress progress) throws InterruptedException {
        Semaphore slots = new Semaphore(CONNECTING);
        while (started < total) {
            slots.acquire();
            started++;
            Client c = new Client();
            ClientWebSocket ws = client.webSocket();
            ws.textMessageHandler(c::onText);
            ws.closeHandler(v -> {
                open.decrementAndGet();
                closed.incrementAndGet();
            });
            ws.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/ws")).onComplete(ar -> {
                if (ar.succeeded()) {
                    open.incrementAndGet();
                } else {
                    failedConnects.incrementAndGet();
                }
                slots.release();
            });
            progress.tick("connecting websocket clients", started, total);
        }
        if (!slots.tryAcquire(CONNECTING, 2, TimeUnit.MINUTES)) {
            throw new IllegalStateException("websocket handshakes still unanswered after 2 minutes");
        }
    }

    /** Forgets the delays recorded so far. */
    void resetDelays() {
        delays.reset();
    }

    /** The delays recorded since the last reset. */
    Histogram delays() {
        return delays.getIntervalHistogram();
    }

    long open() {
        return open.get();
    }

    long closed() {
        return closed.get();
    }

    long failedConnects() {
        return failedConnects.get();
    }

    long frames() {
        return frames.get();
    }

    @Override
    public void close() {
        try {
            vertx.close().await(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            // Its threads are daemons; the run goes on.
        }
    }
}
