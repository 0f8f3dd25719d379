package vn.election.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Timer;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.election.ingest.ReadingBatchValidator.Invalid;
import vn.election.ingest.ReadingBatchValidator.Outcome;
import vn.election.ingest.ReadingBatchValidator.Valid;
import vn.election.model.json.Json;
import vn.election.model.reading.FieldError;
import vn.election.model.reading.Reading;

/**
 * {@code POST /api/v1/readings} (JSON) and {@code POST /api/v1/readings.csv} (CSV): checks the token
 * (401) and the content type (415) before the body is read, then (after {@link BodyReceiver}'s 408,
 * 413 and 429) validates the batch (400, 403, 413), checks Kafka (503), the token's rate (429)
 * and the in-flight budget (429), and publishes, answering 202 {@code {"accepted": n}} once Kafka has
 * acknowledged every reading, or 503.
 */
final class ReadingsHandler {

    static final String PATH = "/api/v1/readings";
    static final String CSV_PATH = "/api/v1/readings.csv";
    private static final Logger LOG = LoggerFactory.getLogger(ReadingsHandler.class);
    private static final String GRANT = "ingest.grant";
    /** The health probe re-checks every second while Kafka is down, so 2 s is when a retry may succeed. */
    static final String UNAVAILABLE_RETRY_AFTER_SECONDS = "2";
    /** A shed request comes back after a second: by then a burst of acknowledgements has freed room. */
    static final String BUSY_RETRY_AFTER_SECONDS = "1";

    /** What a route takes. */
    enum Format {
        JSON("application/json"), CSV("text/csv");

        final String mediaType;

        Format(String mediaType) {
            this.mediaType = mediaType;
        }
    }

    private final BearerAuth auth;
    private final ReadingBatchValidator validator;
    private final ReadingPublisher publisher;
    private final IngestMetrics metrics;
    private final Clock clock;
    private final int maxBatch;
    private final TokenRateLimiter rateLimiter;
    private final InFlightBudget budget;
    private final UnreadBody unread;

    ReadingsHandler(IngestTokens tokens, ReadingBatchValidator validator, ReadingPublisher publisher,
                    IngestMetrics metrics, Clock clock, IngestConfig config, TokenRateLimiter rateLimiter,
                    InFlightBudget budget, UnreadBody unread) {
        this.auth = new BearerAuth(tokens);
        this.validator = validator;
        this.publisher = publisher;
        this.metrics = metrics;
        this.clock = clock;
        this.maxBatch = config.maxBatch();
        this.rateLimiter = rateLimiter;
        this.budget = budget;
        this.unread = unread;
    }

    /** First step, before the body is read: who is sending, and is it the right format. */
    void authorize(RoutingContext ctx, Format format) {
        ctx.addBodyEndHandler(v -> metrics.answered(ctx.response().getStatusCode()));
        Optional<IngestTokens.Grant> grant = auth.grant(ctx, () -> rejectEarly(ctx));
        if (grant.isEmpty()) {
            return;
        }
        String contentTypeProblem = contentTypeProblem(ctx.request().getHeader("Content-Type"), format.mediaType);
        if (contentTypeProblem != null) {
            rejectEarly(ctx);
            JsonReplies.error(ctx, 415, "Content-Type", contentTypeProblem);
            return;
        }
        // The body itself (its budget, size and deadline) is the next handler's: BodyReceiver.
        ctx.put(GRANT, grant.get());
        ctx.next();
    }

    /** Second step for JSON, with the whole body in hand (the body handler has enforced the size limit). */
    void handleJson(RoutingContext ctx) {
        IngestTokens.Grant grant = ctx.get(GRANT);
        // Parsing on the event loop: at most maxBodyBytes of JSON, about a millisecond per 100 kB,
        // cheaper than the hop to a worker and back.
        Outcome outcome = validator.validate(bytes(ctx), grant.unitId(), clock.instant());
        if (outcome instanceof Invalid invalid) {
            ObjectNode body = JsonReplies.errors(invalid.errors());
            body.put("error_count", invalid.errorCount());
            JsonReplies.send(ctx, invalid.status(), body);
            return;
        }
        accept(ctx, grant, ((Valid) outcome).readings());
    }

    /** Second step for CSV: rows to JSON objects, then the very same validation; errors name their line. */
    void handleCsv(RoutingContext ctx) {
        IngestTokens.Grant grant = ctx.get(GRANT);
        CsvReadings.Parsed parsed = CsvReadings.parse(bytes(ctx), maxBatch);
        if (parsed.rowCount() > maxBatch) {
            JsonReplies.error(ctx, 413, "$", parsed.rowCount() + " readings in one request; at most " + maxBatch
                    + " per request: split the file");
            return;
        }
        List<CsvReadings.LineError> errors = new ArrayList<>(parsed.errors());
        int status = errors.isEmpty() ? 0 : 400;
        int errorCount = errors.size();
        boolean wholeBodyError = errors.stream().anyMatch(e -> e.index() < 0);
        if (!wholeBodyError && (!parsed.items().isEmpty() || errors.isEmpty())) {
            Outcome outcome = validator.validateNodes(parsed.items(), grant.unitId(), clock.instant());
            if (outcome instanceof Valid valid && errors.isEmpty()) {
                accept(ctx, grant, valid.readings());
                return;
            }
            if (outcome instanceof Invalid invalid) {
                for (FieldError e : invalid.errors()) {
                    if (e.index() < 0) {
                        errors.add(new CsvReadings.LineError(-1, 0, e.field(), e.message()));
                    } else {
                        int line = parsed.lines().get(e.index());
                        errors.add(new CsvReadings.LineError(parsed.rows().get(e.index()), line, e.field(),
                                "line " + line + ": " + e.message()));
                    }
                }
                errorCount += invalid.errorCount();
                status = status == 400 || invalid.status() == 400 ? 400 : invalid.status();
            }
        }
        errors.sort(Comparator.comparingInt(CsvReadings.LineError::index));
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode list = body.putArray("errors");
        for (CsvReadings.LineError e : errors.subList(0, Math.min(errors.size(), ReadingBatchValidator.MAX_REPORTED_ERRORS))) {
            ObjectNode o = list.addObject().put("index", e.index());
            if (e.line() > 0) {
                o.put("line", e.line());
            }
            o.put("field", e.field()).put("message", e.message());
        }
        body.put("error_count", errorCount);
        JsonReplies.send(ctx, status, body);
    }

    /** Valid readings: Kafka up? within the token's rate? room in flight? then publish and answer. */
    private void accept(RoutingContext ctx, IngestTokens.Grant grant, List<Reading> readings) {
        int n = readings.size();
        if (!publisher.healthy()) {
            // Before the rate limit: a batch that cannot be written must not use up the token's allowance.
            unavailable(ctx, "Kafka cannot take readings now (" + publisher.healthReason() + "); nothing was "
                    + "written; retry the same batch");
            return;
        }
        long wait = rateLimiter.tryTake(grant, n);
        if (wait > 0) {
            metrics.shed("rate");
            ctx.response().putHeader("Retry-After", String.valueOf(wait));
            JsonReplies.error(ctx, 429, "$", "token " + grant.id() + " may send " + grant.ratePerSecond()
                    + " readings per second (bursts up to " + rateLimiter.burst(grant.ratePerSecond())
                    + "); this batch of " + n + " is over it: retry the same batch after " + wait + " s");
            return;
        }
        if (!budget.tryAcquireReadings(n)) {
            rateLimiter.giveBack(grant, n);
            metrics.shed("in_flight");
            busy(ctx, "the server has " + budget.maxReadings() + " readings waiting for Kafka, its limit; "
                    + "nothing was written; retry the same batch after " + BUSY_RETRY_AFTER_SECONDS + " s");
            return;
        }
        Timer.Sample sample = metrics.startPublish();
        publisher.publish(SentBy.stamp(readings, grant)).onComplete(ar -> {
            budget.releaseReadings(n);
            metrics.published(sample, ar.succeeded());
            if (ar.succeeded()) {
                metrics.accepted(ar.result());
                JsonReplies.send(ctx, 202, Json.MAPPER.createObjectNode().put("accepted", ar.result()));
            } else {
                rateLimiter.giveBack(grant, n);
                Throwable failure = ar.cause();
                if (!(failure instanceof ReadingPublisher.KafkaUnavailableException)) {
                    // Known outages are logged once by the health probe, not once per request.
                    LOG.warn("Kafka did not acknowledge a batch of {} readings: {}", n, failure.toString());
                }
                unavailable(ctx, "Kafka did not acknowledge: " + failure.getMessage() + "; retry the same batch");
            }
        });
    }

    /** Null when the type is JSON in UTF-8, else what is wrong with it. */
    static String contentTypeProblem(String contentType) {
        return contentTypeProblem(contentType, Format.JSON.mediaType);
    }

    /** Null when the type is {@code expected} in UTF-8 (or without a charset), else what is wrong with it. */
    static String contentTypeProblem(String contentType, String expected) {
        if (contentType == null || contentType.isBlank()) {
            return "missing; send Content-Type: " + expected;
        }
        String[] parts = contentType.split(";");
        String mediaType = parts[0].trim().toLowerCase(Locale.ROOT);
        if (!mediaType.equals(expected)) {
            return "must be " + expected + ", got " + shorten(parts[0].trim());
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

    private static byte[] bytes(RoutingContext ctx) {
        return BodyReceiver.body(ctx);
    }

    /** The id of the token {@link #authorize} found, which the body is charged to. */
    static String tokenId(RoutingContext ctx) {
        IngestTokens.Grant grant = ctx.get(GRANT);
        return grant.id();
    }

    private static void busy(RoutingContext ctx, String message) {
        ctx.response().putHeader("Retry-After", BUSY_RETRY_AFTER_SECONDS);
        JsonReplies.error(ctx, 429, "$", message);
    }

    private static void unavailable(RoutingContext ctx, String message) {
        ctx.response().putHeader("Retry-After", UNAVAILABLE_RETRY_AFTER_SECONDS);
        JsonReplies.error(ctx, 503, "$", message);
    }

    /** Answering before the body is read, while the client may still be sending it: see {@link UnreadBody}. */
    private void rejectEarly(RoutingContext ctx) {
        unread.drop(ctx.request());
    }

    private static String shorten(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "…";
    }
}
