package vn.election.ingest;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the body of a readings request, charging the {@link BodyBudget} for each chunk as it arrives
 * (what is held follows the bytes received, not what the request declares): 413 past the body limit,
 * 429 when the token's bodies or share, or the whole budget, are used up, 408 and the connection
 * closed when the body is not complete within the deadline. In: the request stream after the token
 * is known; out: the body in the context ({@link #body}) for the next handler, or the answer.
 */
final class BodyReceiver implements Handler<RoutingContext> {

    private static final Logger LOG = LoggerFactory.getLogger(BodyReceiver.class);
    private static final String BODY = "ingest.body";

    private final Vertx vertx;
    private final BodyBudget budget;
    private final IngestMetrics metrics;
    private final long maxBodyBytes;
    private final Duration deadline;
    private final UnreadBody unread;
    private final Function<RoutingContext, String> tokenId;

    BodyReceiver(Vertx vertx, BodyBudget budget, IngestMetrics metrics, long maxBodyBytes, Duration deadline,
                 Function<RoutingContext, String> tokenId) {
        this.vertx = vertx;
        this.budget = budget;
        this.metrics = metrics;
        this.maxBodyBytes = maxBodyBytes;
        this.deadline = deadline;
        this.unread = new UnreadBody(vertx, maxBodyBytes, deadline);
        this.tokenId = tokenId;
    }

    /** The body a previous {@link BodyReceiver} read (empty when the request had none). */
    static byte[] body(RoutingContext ctx) {
        Buffer body = ctx.get(BODY);
        return body == null ? new byte[0] : body.getBytes();
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String token = tokenId.apply(ctx);
        long declared = declaredLength(request);
        if (declared > maxBodyBytes) {
            tooLarge(ctx);
            return;
        }
        String expect = request.getHeader("Expect");
        if (expect != null && !expect.equalsIgnoreCase("100-continue")) {
            refuse(ctx, 417, "Expect", "only 100-continue is supported, got " + (expect.length() <= 60 ? expect : expect.substring(0, 60) + "…"));
            return;
        }
        if (request.isEnded()) {
            if (declared > 0) {
                // Only a handler that paused on the way here could cause this; the body is gone, so it is a bug.
                ctx.fail(new IllegalStateException("the request ended before its body was read"));
                return;
            }
            ctx.put(BODY, Buffer.buffer());
            ctx.next();
            return;
        }
        BodyBudget.Charge charge = budget.open(token);
        if (charge == null) {
            shed(ctx, BodyBudget.Refusal.TOKEN_BODIES, token);
            return;
        }
        ctx.addEndHandler(ar -> charge.release());
        if (declared > 0 && !budget.fits(token, declared)) {
            // Known before a byte is read: an early answer spares the sender the upload.
            charge.release();
            shed(ctx, budget.bytesHeldBy(token) + declared > budget.tokenShare() ? BodyBudget.Refusal.TOKEN_BYTES
                    : BodyBudget.Refusal.TOTAL_BYTES, token);
            return;
        }
        if (expect != null && request.version() != io.vertx.core.http.HttpVersion.HTTP_1_0) {
            ctx.response().writeContinue();
        }
        receive(ctx, token, charge, declared);
    }

    private void receive(RoutingContext ctx, String token, BodyBudget.Charge charge, long declared) {
        HttpServerRequest request = ctx.request();
        // Grown as bytes arrive, never sized from the declared length: a declaration costs nothing.
        Buffer body = Buffer.buffer();
        boolean[] done = {false};
        long timer = vertx.setTimer(deadline.toMillis(), id -> {
            if (!done[0]) {
                done[0] = true;
                tooSlow(ctx, charge, body.length(), declared);
            }
        });
        request.handler(chunk -> {
            if (done[0]) {
                return;
            }
            if (body.length() + chunk.length() > maxBodyBytes) {
                done[0] = true;
                vertx.cancelTimer(timer);
                charge.release();
                tooLarge(ctx);
                return;
            }
            BodyBudget.Refusal refusal = charge.charge(chunk.length());
            if (refusal != null) {
                done[0] = true;
                vertx.cancelTimer(timer);
                charge.release();
                shed(ctx, refusal, token);
                return;
            }
            body.appendBuffer(chunk);
        });
        request.endHandler(v -> {
            if (done[0]) {
                return;
            }
            done[0] = true;
            vertx.cancelTimer(timer);
            charge.received();
            ctx.put(BODY, body);
            ctx.next();
        });
        request.exceptionHandler(error -> {
            // The client closed or reset the connection mid-body: nobody to answer, nothing of ours failed.
            done[0] = true;
            vertx.cancelTimer(timer);
            charge.release();
            LOG.debug("Body of {} {} cut after {} bytes: {}", request.method(), request.path(), body.length(),
                    error.toString());
        });
        request.resume();
    }

    private void tooSlow(RoutingContext ctx, BodyBudget.Charge charge, long received, long declared) {
        charge.release();
        // The rest of the body is not wanted and may never come: close once the answer is written.
        ctx.addBodyEndHandler(v -> ctx.request().connection().close());
        ctx.response().putHeader("Connection", "close");
        JsonReplies.error(ctx, 408, "$", "request body not complete within " + deadline.toSeconds() + " s (the limit): "
                + received + (declared >= 0 ? " of " + declared : "") + " bytes arrived; send the whole body at once");
    }

    private void tooLarge(RoutingContext ctx) {
        // Up to UnreadBody.DROP_LIMIT_FACTOR bodies' worth is read and dropped so the client sees the answer, not a reset;
        // then the connection goes, so no client reuses it while more of that body is still coming.
        unread.dropThenClose(ctx);
        ctx.response().putHeader("Connection", "close");
        JsonReplies.error(ctx, 413, "$", "request body larger than " + maxBodyBytes + " bytes (the limit); split the batch");
    }

    private void shed(RoutingContext ctx, BodyBudget.Refusal refusal, String token) {
        metrics.shed(refusal.metric);
        String message = switch (refusal) {
            case TOKEN_BODIES -> "token " + token + " is already sending " + budget.maxBodiesPerToken()
                    + " request bodies at once, its limit; wait for an answer before sending more";
            case TOKEN_BYTES -> "token " + token + " holds " + budget.tokenShare()
                    + " bytes of request bodies, its share; wait for an answer before sending more";
            case TOTAL_BYTES -> "the server is receiving as much as it can hold (" + budget.maxBytes()
                    + " bytes of request bodies)";
        };
        ctx.response().putHeader("Retry-After", ReadingsHandler.BUSY_RETRY_AFTER_SECONDS);
        refuse(ctx, 429, "$", message + "; nothing was written; retry after " + ReadingsHandler.BUSY_RETRY_AFTER_SECONDS
                + " s");
    }

    private void refuse(RoutingContext ctx, int status, String field, String message) {
        unread.drop(ctx.request());
        JsonReplies.error(ctx, status, field, message);
    }

    /** The declared Content-Length, or -1 when there is none (chunked); the HTTP codec refuses a malformed one. */
    private static long declaredLength(HttpServerRequest request) {
        String length = request.getHeader("Content-Length");
        if (length == null) {
            return -1;
        }
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
