package vn.election.dashboard.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.election.dashboard.auth.RequestAccess;
import vn.election.dashboard.auth.Scope;
import vn.election.dashboard.auth.Session;
import vn.election.dashboard.feed.SilencePublisher;
import vn.election.dashboard.state.SilenceBook;
import vn.election.dashboard.web.JsonReply;
import vn.election.dashboard.web.OriginCheck;
import vn.election.model.alert.AlertSilence;
import vn.election.model.alert.AlertSilenceCodec;
import vn.election.model.json.Json;
import vn.election.model.registry.Registry;
import vn.election.model.registry.Unit;

/**
 * Silences over REST: {@code GET /api/v1/silences} (in force, scheduled, ended within a day), {@code POST} creates
 * one and {@code DELETE /api/v1/silences/{id}} ends it now, both recorded through Kafka with who did it, so every
 * screen and the webhook delivery apply them.
 */
public final class SilenceApi {

    private static final Logger LOG = LoggerFactory.getLogger(SilenceApi.class);
    private static final int MAX_BODY = 4096;

    private final SilenceBook book;
    private final SilencePublisher publisher;
    private final Registry registry;
    private final SilenceWriteLimiter limiter = new SilenceWriteLimiter();

    public SilenceApi(SilenceBook book, SilencePublisher publisher, Registry registry) {
        this.book = book;
        this.publisher = publisher;
        this.registry = registry;
    }

    public void mount(Router router) {
        router.get("/api/v1/silences").handler(this::list);
        router.post("/api/v1/silences").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY)).handler(this::create);
        router.delete("/api/v1/silences/:id").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY)).handler(this::expire);
    }

    private void list(RoutingContext ctx) {
        Scope scope = RequestAccess.scope(ctx);
        Instant now = Instant.now();
        ArrayNode out = Json.MAPPER.createArrayNode();
        book.listed(now).stream().filter(s -> reaches(scope, s)).forEach(s -> out.add(shown(s, now)));
        JsonReply.send(ctx, 200, out);
    }

    private void create(RoutingContext ctx) {
        if (refusedWrite(ctx)) {
            return;
        }
        Session session = RequestAccess.session(ctx).orElse(null);
        Instant now = Instant.now();
        AlertSilence silence;
        try {
            silence = SilenceRequest.create(ctx.body() == null ? null : ctx.body().asString(), session, registry, now);
        } catch (IllegalArgumentException e) {
            JsonReply.error(ctx, 400, e.getMessage());
            return;
        }
        Scope scope = RequestAccess.scope(ctx);
        if (!scope.national() && (silence.unitId() == null || !scope.allows(silence.unitId()))) {
            JsonReply.error(ctx, 403, "this login may silence only within " + scope.unitId() + " and below: give a unit_id there"
                    + (silence.unitId() == null ? "" : ", got '" + Params.shown(silence.unitId()) + "'"));
            return;
        }
        if (book.unended(now) >= SilenceBook.MAX_UNENDED) {
            JsonReply.error(ctx, 409, "there are already " + SilenceBook.MAX_UNENDED
                    + " silences in force or scheduled, the most allowed; end some first");
            return;
        }
        if (book.unendedBy(silence.createdBy(), now) >= SilenceBook.MAX_UNENDED_PER_CREATOR) {
            JsonReply.error(ctx, 409, "'" + Params.shown(String.valueOf(silence.createdBy())) + "' already has "
                    + SilenceBook.MAX_UNENDED_PER_CREATOR + " silences in force or scheduled, the most one name may; end some first");
            return;
        }
        publish(ctx, silence).onComplete(ar -> {
            if (ar.failed()) {
                LOG.warn("Could not record silence {}: {}", silence.id(), ar.cause().toString());
                JsonReply.error(ctx, 503, "cannot record the silence now (Kafka did not take it); try again");
                return;
            }
            // Shown here at once; the record read back from Kafka changes nothing.
            book.offer(silence);
            ctx.response().putHeader("Location", "/api/v1/silences/" + silence.id());
            JsonReply.send(ctx, 201, shown(silence, Instant.now()));
        });
    }

    private void expire(RoutingContext ctx) {
        if (refusedWrite(ctx)) {
            return;
        }
        String id = ctx.pathParam("id");
        Optional<AlertSilence> found = book.find(id);
        Scope scope = RequestAccess.scope(ctx);
        if (found.isEmpty() || !reaches(scope, found.get())) {
            JsonReply.error(ctx, 404, "no silence '" + Params.shown(id) + "'");
            return;
        }
        AlertSilence s = found.get();
        if (!scope.national() && (s.unitId() == null || !scope.allows(s.unitId()))) {
            JsonReply.error(ctx, 403, "silence '" + Params.shown(id) + "' reaches beyond what this login may change ("
                    + scope.unitId() + " and below)");
            return;
        }
        String by;
        try {
            by = SilenceRequest.expiredBy(ctx.body() == null ? null : ctx.body().asString(),
                    RequestAccess.session(ctx).orElse(null));
        } catch (IllegalArgumentException e) {
            JsonReply.error(ctx, 400, e.getMessage());
            return;
        }
        Instant now = Instant.now();
        if (s.endedBy(now)) {
            JsonReply.send(ctx, 200, shown(s, now)); // already over: nothing to record, as a repeated DELETE
            return;
        }
        AlertSilence ended = s.expired(by, now.truncatedTo(ChronoUnit.MILLIS));
        publish(ctx, ended).onComplete(ar -> {
            if (ar.failed()) {
                LOG.warn("Could not record the end of silence {}: {}", id, ar.cause().toString());
                JsonReply.error(ctx, 503, "cannot record the end of the silence now (Kafka did not take it); try again");
                return;
            }
            book.offer(ended);
            JsonReply.send(ctx, 200, shown(ended, Instant.now()));
        });
    }

    /** Sends from a worker: the producer's first send waits for the topic's metadata, never on the event loop. */
    private io.vertx.core.Future<Void> publish(RoutingContext ctx, AlertSilence s) {
        return ctx.vertx().executeBlocking(() -> publisher.publish(s)).compose(f -> f);
    }

    /** A write from another site's page, or one over the client's rate, is answered here; true when it was. */
    private boolean refusedWrite(RoutingContext ctx) {
        if (!OriginCheck.allowed(ctx.request().getHeader("Origin"), ctx.request().authority(), ctx.request().isSSL())) {
            // A form on another site must not silence alerts in an operator's name.
            JsonReply.error(ctx, 403, "cross-origin silence change refused");
            return true;
        }
        String client = RequestAccess.session(ctx).map(s -> "user:" + s.name())
                .orElseGet(() -> "address:" + ctx.request().remoteAddress().hostAddress());
        long wait = limiter.admit(client);
        if (wait > 0) {
            JsonReply.tryLater(ctx, 429, "too_many_silence_changes", wait, "at most " + SilenceWriteLimiter.PER_MINUTE
                    + " silence changes a minute per " + (client.startsWith("user:") ? "login" : "address") + "; try again in "
                    + wait + " s");
            return true;
        }
        return false;
    }

    /**
     * Whether a login sees a silence: those on its subtree, and those that reach into it from above (a silence of its
     * province, or one without a unit); a national login sees every one.
     */
    private boolean reaches(Scope scope, AlertSilence s) {
        return scope.national() || s.unitId() == null || scope.allows(s.unitId())
                || registry.find(scope.unitId()).isPresent() && registry.isWithin(scope.unitId(), s.unitId());
    }

    /** The record plus {@code state} (active, scheduled, ended) and {@code unit_name}. */
    private ObjectNode shown(AlertSilence s, Instant now) {
        ObjectNode o = AlertSilenceCodec.toNode(s);
        o.put("state", s.endedBy(now) ? "ended" : s.activeAt(now) ? "active" : "scheduled");
        o.put("unit_name", s.unitId() == null ? null : registry.find(s.unitId()).map(Unit::name).orElse(null));
        return o;
    }
}
