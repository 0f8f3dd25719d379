package vn.election.dashboard.push;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.ServerWebSocket;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.election.dashboard.DashboardMetrics;
import vn.election.dashboard.auth.Scope;
import vn.election.dashboard.state.AlertBoard;
import vn.election.dashboard.state.CorrectionStore;
import vn.election.dashboard.state.UnitStore;
import vn.election.model.alert.Alert;
import vn.election.model.json.Json;
import vn.election.model.unit.UnitSnapshot;

/**
 * One connected websocket client: reads its subscribe messages, and on each push tick writes it a
 * snapshot, an update of the changed units in its view, the changed alerts, the new corrections of its view, or a
 * heartbeat, unless its write queue is full.
 * Runs on the event loop of the dashboard verticle only.
 */
public final class ClientSession {

    private static final Logger LOG = LoggerFactory.getLogger(ClientSession.class);
    /** Keeps idle connections (nights, before opening) from looking dead to the page's watchdog and to proxies. */
    static final Duration HEARTBEAT_EVERY = Duration.ofSeconds(15);

    /** More pending alert changes than this and the client gets a full alerts frame instead: memory stays bounded. */
    static final int MAX_PENDING_ALERTS = 2000;

    private final ServerWebSocket ws;
    private final HttpConnection connection;
    private final UnitStore store;
    private final AlertBoard alerts;
    private final CorrectionStore corrections;
    private final PendingCorrections pendingCorrections;
    private final DashboardMetrics metrics;
    private final ClientView view;
    /** What this client may see: its snapshots, subscriptions and alerts never leave it. */
    private final Scope scope;
    private final Predicate<Alert> visibleAlert;
    /** A client whose write queue stays full this long is not reading at all: it is dropped, and its page reconnects. */
    private final Duration stalledAfter;
    private final Set<String> pendingAlerts = new LinkedHashSet<>();
    private boolean alertsFullDue = true;
    private long lastSentNanos = System.nanoTime();
    private long fullSinceNanos;
    private long framesSent;

    ClientSession(ServerWebSocket ws, HttpConnection connection, UnitStore store, AlertBoard alerts,
                  CorrectionStore corrections, DashboardMetrics metrics, Duration stalledAfter, Scope scope) {
        this.corrections = corrections;
        this.pendingCorrections = new PendingCorrections(store.registry());
        this.scope = scope;
        this.visibleAlert = a -> scope.allowsAlertOn(a.unitId());
        this.ws = ws;
        this.connection = connection;
        this.stalledAfter = stalledAfter;
        this.store = store;
        this.alerts = alerts;
        this.metrics = metrics;
        this.view = new ClientView(store.registry(), scope.unitId());
    }

    /** Notes alert episodes that changed since the last tick; too many turn into one full frame. */
    void alertsChanged(Set<String> alertIds) {
        if (alertsFullDue || alertIds.isEmpty()) {
            return;
        }
        pendingAlerts.addAll(alertIds);
        if (pendingAlerts.size() > MAX_PENDING_ALERTS) {
            pendingAlerts.clear();
            alertsFullDue = true;
        }
    }

    /**
     * Notes the corrections kept since the last tick that belong to the unit in view; while a snapshot is due the
     * page is about to load its list from the REST endpoint, which has them.
     */
    void correctionsChanged(CorrectionStore.Fresh fresh) {
        if (!view.snapshotDue()) {
            pendingCorrections.offer(fresh, view.unitId());
        }
    }

    /** Corrections waiting to be sent to this client (at most {@link PendingCorrections#MAX_PENDING}), for tests. */
    public int pendingCorrections() {
        return pendingCorrections.size();
    }

    /** True when this client missed too many corrections and will be told to reload its list, for tests. */
    public boolean correctionsReloadDue() {
        return pendingCorrections.reloadDue();
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
        if (!scope.allows(unit.textValue())) {
            send(Frames.error("unit " + unit.toString() + " is outside what this login may see (" + scope.unitId()
                    + " and below); still showing " + view.unitId()), metrics.errorFrames);
            return;
        }
        view.subscribe(unit.textValue());
        pendingCorrections.clear();
        // Answer at once when the socket can take it; otherwise the next tick does.
        tick(System.nanoTime());
    }

    /**
     * One push tick for this client, after {@link ClientView#changed} was told what changed; false when
     * the client was dropped for not reading.
     */
    boolean tick(long nowNanos) {
        if (ws.isClosed()) {
            // Closed before its close handler ran: asking it anything more would throw.
            return false;
        }
        boolean news = view.snapshotDue() || view.hasPending() || alertsFullDue || !pendingAlerts.isEmpty()
                || !pendingCorrections.isEmpty();
        if (ws.writeQueueFull()) {
            if (news) {
                // A slow screen gets fewer, newer frames; it never holds back the others.
                metrics.framesSkipped.increment();
            }
            if (fullSinceNanos == 0) {
                fullSinceNanos = nowNanos;
            } else if (nowNanos - fullSinceNanos > stalledAfter.toNanos()) {
                metrics.clientsDropped.increment();
                LOG.info("Dropping websocket client {}: it has not read anything for {} s", ws.remoteAddress(),
                        stalledAfter.toMillis() / 1000.0);
                // A close frame cannot get through a full socket: cut the connection; the page reconnects.
                connection.close();
                return false;
            }
            return true;
        }
        fullSinceNanos = 0;
        if (view.snapshotDue()) {
            sendSnapshot();
            sendAlerts();
            return true;
        }
        List<UnitSnapshot> fresh = new ArrayList<>();
        for (String id : view.takePending()) {
            UnitSnapshot s = store.get(id);
            if (!view.alreadySent(s)) {
                fresh.add(s);
            }
        }
        boolean sent = false;
        if (!fresh.isEmpty()) {
            send(Frames.update(fresh), metrics.updateFrames);
            fresh.forEach(view::sent);
            sent = true;
        }
        sent |= sendAlerts();
        sent |= sendCorrections();
        if (!sent && nowNanos - lastSentNanos > HEARTBEAT_EVERY.toNanos()) {
            send(Frames.heartbeat(), metrics.heartbeatFrames);
        }
        return true;
    }

    private void sendSnapshot() {
        String id = view.unitId();
        UnitSnapshot unit = store.get(id);
        List<UnitSnapshot> children = store.children(id);
        UnitSnapshot root = store.get(view.rootId());
        // The path starts at the top of the scope: a provincial screen shows no breadcrumb it may not follow.
        List<vn.election.model.registry.Unit> path = store.registry().path(id);
        int top = 0;
        while (top < path.size() - 1 && !path.get(top).id().equals(view.rootId())) {
            top++;
        }
        send(Frames.snapshot(unit, children, path.subList(top, path.size()), root), metrics.snapshotFrames);
        view.snapshotTaken();
        view.sent(unit);
        children.forEach(view::sent);
        view.sent(root);
    }

    /** Sends the alerts frame due, if any; true when one was sent (one frame per tick keeps the queue short). */
    private boolean sendAlerts() {
        if (alertsFullDue) {
            send(Frames.alerts(true, alerts.fullFrame(visibleAlert)), metrics.alertFrames);
            alertsFullDue = false;
            pendingAlerts.clear();
            return true;
        }
        if (!pendingAlerts.isEmpty()) {
            List<com.fasterxml.jackson.databind.node.ObjectNode> changed = alerts.json(pendingAlerts, visibleAlert);
            pendingAlerts.clear();
            if (!changed.isEmpty()) {
                send(Frames.alerts(false, changed), metrics.alertFrames);
                return true;
            }
        }
        return false;
    }

    /** Sends the new corrections of the view, or a reload when there were too many; true when a frame was sent. */
    private boolean sendCorrections() {
        if (pendingCorrections.isEmpty()) {
            return false;
        }
        boolean reload = pendingCorrections.reloadDue();
        List<com.fasterxml.jackson.databind.node.ObjectNode> json = new ArrayList<>();
        pendingCorrections.take().forEach(e -> json.add(corrections.toJson(e)));
        send(Frames.corrections(view.unitId(), reload, json), metrics.correctionFrames);
        return true;
    }

    /** Frames written to this client so far (a stalled client's stay few: its memory is bounded). */
    public long framesSent() {
        return framesSent;
    }

    /** The client's port, to tell clients apart in tests and logs. */
    public int remotePort() {
        return ws.remoteAddress() == null ? -1 : ws.remoteAddress().port();
    }

    void close() {
        ws.close();
    }

    private void send(String frame, Counter counter) {
        if (ws.isClosed()) {
            return;
        }
        lastSentNanos = System.nanoTime();
        framesSent++;
        counter.increment();
        ws.writeTextMessage(frame).onFailure(e -> LOG.debug("Websocket write to {} failed: {}", ws.remoteAddress(), e.toString()));
    }
}
