package vn.election.dashboard;

import io.vertx.core.http.ServerWebSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every connected websocket client of the instance: adds and removes sessions, and on each tick takes
 * the units that changed in the store and hands each client the ones in its view.
 */
final class PushHub {

    private static final Logger LOG = LoggerFactory.getLogger(PushHub.class);

    private final UnitStore store;
    private final DashboardMetrics metrics;
    // Touched on the verticle's event loop; concurrent only so the metrics scrape can count it from anywhere.
    private final Set<ClientSession> sessions = ConcurrentHashMap.newKeySet();

    PushHub(UnitStore store, DashboardMetrics metrics) {
        this.store = store;
        this.metrics = metrics;
    }

    /** Takes over an accepted websocket: subscribed to the root, snapshot sent at once. */
    void add(ServerWebSocket ws) {
        ClientSession session = new ClientSession(ws, store, metrics);
        sessions.add(session);
        ws.textMessageHandler(session::onText);
        ws.closeHandler(v -> sessions.remove(session));
        ws.exceptionHandler(e -> {
            LOG.debug("Websocket {} failed: {}", ws.remoteAddress(), e.toString());
            sessions.remove(session);
            ws.close();
        });
        session.tick(System.nanoTime());
    }

    /** One push cycle: fan the store's changes out to every client. */
    void tick() {
        var changed = store.drainChanged();
        long now = System.nanoTime();
        for (ClientSession s : sessions) {
            s.view().changed(changed);
            s.tick(now);
        }
    }

    int clients() {
        return sessions.size();
    }

    void closeAll() {
        for (ClientSession s : sessions) {
            s.close();
        }
        sessions.clear();
    }
}
