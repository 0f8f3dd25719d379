package vn.election.dashboard.push;

import io.vertx.core.http.ServerWebSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.election.dashboard.DashboardMetrics;
import vn.election.dashboard.auth.Scope;
import vn.election.dashboard.state.AlertBoard;
import vn.election.dashboard.state.CorrectionStore;
import vn.election.dashboard.state.UnitStore;

/**
 * Every connected websocket client of the instance: adds and removes sessions, and on each tick takes
 * the units, alerts and corrections that changed and hands each client the units in its view, the alerts and the
 * corrections of its view.
 */
public final class PushHub {

    private static final Logger LOG = LoggerFactory.getLogger(PushHub.class);

    private final UnitStore store;
    private final AlertBoard alerts;
    private final CorrectionStore corrections;
    private final DashboardMetrics metrics;
    private final java.time.Duration stalledAfter;
    // Touched on the verticle's event loop; concurrent only so the metrics scrape can count it from anywhere.
    private final Set<ClientSession> sessions = ConcurrentHashMap.newKeySet();

    public PushHub(UnitStore store, AlertBoard alerts, CorrectionStore corrections, DashboardMetrics metrics,
                   java.time.Duration stalledAfter) {
        this.corrections = corrections;
        this.stalledAfter = stalledAfter;
        this.store = store;
        this.alerts = alerts;
        this.metrics = metrics;
    }

    /** Takes over an accepted websocket: subscribed to the scope's unit (the root for a national viewer), snapshot sent at once. */
    public void add(ServerWebSocket ws, io.vertx.core.http.HttpConnection connection, vn.election.dashboard.auth.Scope scope) {
        ClientSession session = new ClientSession(ws, connection, store, alerts, corrections, metrics, stalledAfter, scope);
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
    public void tick() {
        long firstChange = store.takeFirstChangeNanos();
        var changed = store.drainChanged();
        var changedAlerts = alerts.drainChanged();
        var freshCorrections = corrections.drainFresh();
        long now = System.nanoTime();
        for (ClientSession s : sessions) {
            s.view().changed(changed);
            s.alertsChanged(changedAlerts);
            s.correctionsChanged(freshCorrections);
            try {
                if (!s.tick(now)) {
                    sessions.remove(s);
                }
            } catch (RuntimeException e) {
                // One broken client must not stop the push to the others.
                LOG.warn("Dropping websocket client after an error in its push: {}", e.toString());
                sessions.remove(s);
                s.close();
            }
        }
        if (firstChange != 0 && !changed.isEmpty() && !sessions.isEmpty()) {
            // From the tick's longest-waiting unit update read from Kafka to its frames queued to every client.
            metrics.pushLatency.record(System.nanoTime() - firstChange, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    /** The connected sessions, for tests. */
    public java.util.List<ClientSession> sessions() {
        return java.util.List.copyOf(sessions);
    }

    public int clients() {
        return sessions.size();
    }

    public void closeAll() {
        for (ClientSession s : sessions) {
            s.close();
        }
        sessions.clear();
    }
}
