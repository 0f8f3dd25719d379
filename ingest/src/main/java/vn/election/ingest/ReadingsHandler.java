package vn.election.ingest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.election.ingest.ReadingBatchValidator.Invalid;
import vn.election.ingest.ReadingBatchValidator.Outcome;
import vn.election.ingest.ReadingBatchValidator.Valid;
import vn.election.model.json.Json;
import vn.election.model.reading.Reading;

/**
 * {@code POST /api/v1/readings}: checks the token (401) and the content type (415) before the body
 * is read, then (after the body handler's 413) validates the batch (400, 403, 413) and publishes it,
 * answering 202 {@code {"accepted": n}} once Kafka has acknowledged every reading, or 503.
 */
final class ReadingsHandler implements Handler<RoutingContext> {

    static final String PATH = "/api/v1/readings";
    private static final Logger LOG = LoggerFactory.getLogger(ReadingsHandler.class);
    private static final String SCOPE = "ingest.scope";
    private static final String RETRY_AFTER_SECONDS = "5";

    private final IngestTokens tokens;
    private final ReadingBatchValidator validator;
    private final ReadingPublisher publisher;
    private final IngestMetrics metrics;
    private final Clock clock;
    private final long maxBodyBytes;

    ReadingsHandler(IngestTokens tokens, ReadingBatchValidator validator, ReadingPublisher publisher,
                    IngestMetrics metrics, Clock clock, long maxBodyBytes) {
        this.tokens = tokens;
        this.validator = validator;
        this.publisher = publisher;
        this.metrics = metrics;
        this.clock = clock;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** First step, before the body is read: who is sending, and is it JSON. */
    void authorize(RoutingContext ctx) {
        ctx.addBodyEndHandler(v -> metrics.answered(ctx.response().getStatusCode()));
        String header = ctx.request().getHeader("Authorization");
        if (header == null || header.isBlank()) {
            unauthorized(ctx, "Bearer", "missing; send the header Authorization: Bearer <token>");
            return;
        }
        String[] parts = header.trim().split("\\s+", 2);
        if (parts.length < 2 || !parts[0].equalsIgnoreCase("Bearer")) {
            unauthorized(ctx, "Bearer", "expected the Bearer scheme: Authorization: Bearer <token>");
            return;
        }
        Optional<String> scope = tokens.scopeOf(parts[1].trim());
        if (scope.isEmpty()) {
            // Nothing of the token goes into the log: a mistyped token is often a real one.
            unauthorized(ctx, "Bearer error=\"invalid_token\"", "unknown or revoked token");
            return;
        }
        String contentTypeProblem = contentTypeProblem(ctx.request().getHeader("Content-Type"));
        if (contentTypeProblem != null) {
            rejectEarly(ctx);
            JsonReplies.error(ctx, 415, "Content-Type", contentTypeProblem);
            return;
        }
        ctx.put(SCOPE, scope.get());
        ctx.next();
    }

    /** Second step, with the whole body in hand (the body handler has enforced the size limit). */
    @Override
    public void handle(RoutingContext ctx) {
        String scope = ctx.get(SCOPE);
        Buffer buffer = ctx.body().buffer();
        // Parsing on the event loop: at most maxBodyBytes of JSON, about a millisecond per 100 kB,
        // cheaper than the hop to a worker and back.
        Outcome outcome = validator.validate(buffer == null ? new byte[0] : buffer.getBytes(), scope, clock.instant());
        if (outcome instanceof Invalid invalid) {
            ObjectNode body = JsonReplies.errors(invalid.errors());
            body.put("error_count", invalid.errorCount());
            JsonReplies.send(ctx, invalid.status(), body);
            return;
        }
        List<Reading> readings = ((Valid) outcome).readings();
        Timer.Sample sample = metrics.startPublish();
        publisher.publish(readings).onComplete(ar -> {
            metrics.published(sample, ar.succeeded());
            if (ar.succeeded()) {
                metrics.accepted(ar.result());
                ObjectNode body = Json.MAPPER.createObjectNode().put("accepted", ar.result());
                JsonReplies.send(ctx, 202, body);
            } else {
                Throwable failure = ar.cause();
                if (!(failure instanceof ReadingPublisher.KafkaUnavailableException)) {
                    // Known outages are logged once by the health probe, not once per request.
                    LOG.warn("Kafka did not acknowledge a batch of {} readings: {}", readings.size(), failure.toString());
                }
                ctx.response().putHeader("Retry-After", RETRY_AFTER_SECONDS);
                JsonReplies.error(ctx, 503, "$", "Kafka did not acknowledge: " + failure.getMessage()
                        + "; retry the same batch");
            }
        });
    }

    /** Null when the type is JSON in UTF-8, else what is wrong with it. */
    static String contentTypeProblem(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return "missing; send Content-Type: application/json";
        }
        String[] parts = contentType.split(";");
        String mediaType = parts[0].trim().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("application/json")) {
            return "must be application/json, got " + shorten(parts[0].trim());
        }
        for (int i = 1; i < parts.length; i++) {
            String[] param = parts[i].trim().split("=", 2);
            if (param.length == 2 && param[0].trim().equalsIgnoreCase("charset")) {
                String charset = param[1].trim().replace("\"", "");
                if (!charset.equalsIgnoreCase("utf-8") && !charset.equalsIgnoreCase("utf8")) {
                    return "charset must be UTF-8, got " + shorten(charset);
                }
            }
        }
        return null;
    }

    private void unauthorized(RoutingContext ctx, String challenge, String message) {
        rejectEarly(ctx);
        ctx.response().putHeader("WWW-Authenticate", challenge);
        JsonReplies.error(ctx, 401, "Authorization", message);
    }

    /**
     * Answering before the body is read, while the client may still be sending it: read and drop
     * it, so the client gets to read the answer (closing a socket with unread data makes the kernel
     * reset the connection, and the client may see the reset instead of the answer) and the
     * connection stays usable. Past the body limit, close the connection instead.
     */
    private void rejectEarly(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (request.isEnded()) {
            return;
        }
        long[] dropped = {0};
        request.handler(chunk -> {
            dropped[0] += chunk.length();
            if (dropped[0] > maxBodyBytes) {
                request.connection().close();
            }
        });
        request.resume();
    }

    private static String shorten(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "…";
    }
}
