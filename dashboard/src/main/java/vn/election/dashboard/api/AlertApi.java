package vn.election.dashboard.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.election.dashboard.auth.RequestAccess;
import vn.election.dashboard.auth.Scope;
import vn.election.dashboard.auth.Session;
import vn.election.dashboard.feed.AckPublisher;
import vn.election.dashboard.state.Acknowledgement;
import vn.election.dashboard.state.AcknowledgementCodec;
import vn.election.dashboard.state.AlertBoard;
import vn.election.dashboard.web.JsonReply;
import vn.election.dashboard.web.OriginCheck;
import vn.election.model.alert.Alert;
import vn.election.model.alert.AlertAck;
import vn.election.model.json.Json;
import vn.election.model.registry.Registry;

/**
 * The alert feed's REST side: {@code GET /api/v1/alerts} with filters, newest first, and
 * {@code POST /api/v1/alerts/{id}/ack}, which goes through Kafka so every screen shows it.
 */
public final class AlertApi {

    private static final Logger LOG = LoggerFactory.getLogger(AlertApi.class);
    static final int DEFAULT_LIMIT = 200;
    static final int MAX_LIMIT = 1000;
    private static final int MAX_ACK_BODY = 1024;

    private final AlertBoard board;
    private final AckPublisher acks;
    private final Registry registry;

    public AlertApi(AlertBoard board, AckPublisher acks, Registry registry) {
        this.board = board;
        this.acks = acks;
        this.registry = registry;
    }

    public void mount(Router router) {
        router.get("/api/v1/alerts").handler(this::list);
        router.post("/api/v1/alerts/:id/ack").handler(BodyHandler.create(false).setBodyLimit(MAX_ACK_BODY))
                .handler(this::ack);
    }

    private void list(RoutingContext ctx) {
        Predicate<Alert> filter;
        int limit;
        Scope scope = RequestAccess.scope(ctx);
        try {
            filter = filter(ctx).and(a -> scope.allowsAlertOn(a.unitId()));
            limit = Params.intParam(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        } catch (OutOfScope e) {
            ScopeCheck.refused(ctx, e.unit);
            return;
        } catch (IllegalArgumentException e) {
            JsonReply.error(ctx, 400, e.getMessage());
            return;
        }
        ArrayNode out = Json.MAPPER.createArrayNode();
        board.list(filter, limit).forEach(out::add);
        JsonReply.send(ctx, 200, out);
    }

    private Predicate<Alert> filter(RoutingContext ctx) {
        String state = Params.text(ctx, "state");
        Predicate<Alert> p = switch (state == null ? "all" : state.toLowerCase(Locale.ROOT)) {
            case "all" -> a -> true;
            case "active" -> AlertBoard::active;
            case "pending" -> a -> a.state() == Alert.State.PENDING;
            case "firing" -> a -> a.state() == Alert.State.FIRING;
            case "recovering" -> a -> a.state() == Alert.State.RECOVERING;
            case "resolved" -> a -> a.state() == Alert.State.RESOLVED;
            default -> throw new IllegalArgumentException("state must be one of all, active, pending, firing, recovering,"
                    + " resolved, got '"
                    + Params.shown(state) + "'");
        };
        String unit = Params.text(ctx, "unit");
        if (unit != null) {
            if (registry.find(unit).isEmpty()) {
                throw new IllegalArgumentException("unit '" + Params.shown(unit) + "' is not in the registry");
            }
            if (!RequestAccess.scope(ctx).allows(unit)) {
                throw new OutOfScope(unit);
            }
            p = p.and(a -> registry.find(a.unitId()).isPresent() && registry.isWithin(a.unitId(), unit));
        }
        String kind = Params.text(ctx, "kind");
        if (kind != null) {
            p = p.and(a -> kind.equalsIgnoreCase(a.kind()));
        }
        String severity = Params.text(ctx, "severity");
        if (severity != null) {
            p = p.and(a -> severity.equalsIgnoreCase(a.severity()));
        }
        return p;
    }

    private void ack(RoutingContext ctx) {
        if (!OriginCheck.allowed(ctx.request().getHeader("Origin"), ctx.request().authority(), ctx.request().isSSL())) {
            // A form on another site must not acknowledge alerts in an operator's name.
            JsonReply.error(ctx, 403, "cross-origin acknowledgement refused");
            return;
        }
        String id = ctx.pathParam("id");
        if (board.find(id).isEmpty()) {
            JsonReply.error(ctx, 404, "no alert '" + Params.shown(id) + "'");
            return;
        }
        Scope scope = RequestAccess.scope(ctx);
        if (!scope.allowsAlertOn(board.find(id).get().unitId())) {
            JsonReply.error(ctx, 403, "alert '" + Params.shown(id) + "' is outside what this login may see ("
                    + scope.unitId() + " and below)");
            return;
        }
        Session session = RequestAccess.session(ctx).orElse(null);
        Acknowledgement ack;
        try {
            ack = acknowledgement(id, session, ctx.body() == null ? null : ctx.body().asString());
        } catch (IllegalArgumentException e) {
            JsonReply.error(ctx, 400, e.getMessage());
            return;
        }
        acks.publish(ack).onComplete(ar -> {
            if (ar.failed()) {
                LOG.warn("Could not record the acknowledgement of {}: {}", id, ar.cause().toString());
                JsonReply.error(ctx, 503, "cannot record the acknowledgement now (Kafka did not take it); try again");
                return;
            }
            // Shown here at once; the record read back from Kafka changes nothing.
            board.acknowledge(ack);
            ObjectNode o = Json.MAPPER.createObjectNode();
            o.put("alert_id", id);
            o.set("ack", AcknowledgementCodec.toShown(ack));
            ArrayNode history = o.putArray("acks");
            board.acknowledgements(id).forEach(a -> history.add(AcknowledgementCodec.toShown(a)));
            JsonReply.send(ctx, 202, o);
        });
    }

    /**
     * The acknowledgement a request makes. With logins, {@code by} is the signed-in user's name: a body's
     * {@code by} may only repeat it (another name is refused, not silently replaced, so a client that means
     * someone else learns it). On an open loopback instance it is what the client wrote, marked not signed in.
     */
    static Acknowledgement acknowledgement(String alertId, Session session, String body) {
        JsonNode n = body(body);
        String by = optionalText(n, "by", AlertAck.MAX_BY);
        String note = optionalText(n, "note", Acknowledgement.MAX_NOTE);
        if (session != null) {
            if (by != null && !by.strip().equals(session.name())) {
                throw new IllegalArgumentException("by must be the signed-in user '" + session.name()
                        + "' (or left out) on an instance with logins, got '" + Params.shown(by)
                        + "'; put other words in note");
            }
            by = session.name();
        }
        return new Acknowledgement(alertId, UUID.randomUUID().toString(), by,
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), note, session != null);
    }

    /** A unit filter outside the login's scope: answered 403, not 400. */
    private static final class OutOfScope extends RuntimeException {
        private final String unit;

        OutOfScope(String unit) {
            super(null, null, false, false);
            this.unit = unit;
        }
    }

    /** The optional {@code {"by": "...", "note": "..."}} body; an empty object when there is none. */
    private static JsonNode body(String raw) {
        if (raw == null || raw.isBlank()) {
            return Json.MAPPER.createObjectNode();
        }
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(raw);
        } catch (IOException e) {
            throw new IllegalArgumentException("body must be JSON {\"by\": \"operator name\", \"note\": \"...\"}");
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("body must be a JSON object {\"by\": \"operator name\", \"note\": \"...\"}");
        }
        return n;
    }

    private static String optionalText(JsonNode body, String field, int max) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual() || v.textValue().length() > max) {
            throw new IllegalArgumentException(field + " must be text of at most " + max + " characters");
        }
        return v.textValue();
    }
}
