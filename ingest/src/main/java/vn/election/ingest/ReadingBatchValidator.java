package vn.election.ingest;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import vn.election.model.json.Json;
import vn.election.model.reading.FieldError;
import vn.election.model.reading.InvalidReadingException;
import vn.election.model.reading.Reading;
import vn.election.model.reading.ReadingCodec;
import vn.election.model.registry.Registry;
import vn.election.model.registry.Unit;

/**
 * Turns a request body into readings or into the errors that refuse it, with the HTTP status that
 * applies; pure (no I/O, the clock is a parameter), so every rule is unit-tested.
 *
 * <p>Rules, in order: the body is one JSON object or an array of 1..maxBatch of them (more is 413);
 * every item decodes ({@link ReadingCodec#fromNode}); its station is a polling area of the registry;
 * its {@code seq} and {@code observed_at} are within {@link ReadingBounds}; its station lies within the token's
 * unit. Any error of the first kinds makes the batch 400, and a 400 wins over 403: the 400 answer
 * lists every error, scope errors included, so one answer tells the sender all there is to fix;
 * only a batch whose sole problem is scope gets 403.
 */
public final class ReadingBatchValidator {

    /** At most this many errors are listed in an answer; {@link Invalid#errorCount()} has the total. */
    public static final int MAX_REPORTED_ERRORS = 100;
    private static final int MAX_PARSER_MESSAGE = 200;
    // The shared mapper refuses trailing tokens, which is right for a whole document but wrong for
    // reading one item of an array at a time; the end of the body is checked by hand instead.
    private static final ObjectReader ITEM_READER = Json.MAPPER.reader()
            .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final Registry registry;
    private final int maxBatch;
    private final ReadingBounds bounds;

    /** What a body came to: the readings to publish, or the answer refusing them. */
    public sealed interface Outcome permits Valid, Invalid {
    }

    /** Every item of the body is a valid reading the token may send. */
    public record Valid(List<Reading> readings) implements Outcome {
        public Valid {
            readings = List.copyOf(readings);
        }
    }

    /**
     * The body is refused with {@code status} (400, 403 or 413).
     *
     * @param errors the first {@value #MAX_REPORTED_ERRORS} errors, in item order
     * @param errorCount how many errors there are in all
     */
    public record Invalid(int status, List<FieldError> errors, int errorCount) implements Outcome {
        public Invalid {
            errors = List.copyOf(errors);
        }
    }

    /** With the default bounds on {@code seq} and {@code observed_at}, and {@code maxClockSkew} into the future. */
    public ReadingBatchValidator(Registry registry, int maxBatch, Duration maxClockSkew) {
        this(registry, maxBatch, ReadingBounds.defaults(Objects.requireNonNull(maxClockSkew, "maxClockSkew")));
    }

    ReadingBatchValidator(Registry registry, int maxBatch, ReadingBounds bounds) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.maxBatch = maxBatch;
        this.bounds = Objects.requireNonNull(bounds, "bounds");
    }

    public static ReadingBatchValidator of(IngestConfig config) {
        return new ReadingBatchValidator(config.registry(), config.maxBatch(), ReadingBounds.of(config));
    }

    /** Checks a body sent with a token scoped to {@code scopeUnitId}, at server time {@code now}. */
    public Outcome validate(byte[] body, String scopeUnitId, Instant now) {
        List<JsonNode> items = new ArrayList<>();
        int count = 0;
        // Streaming, so an array of a million tiny items costs a counter, not a million tree nodes.
        try (JsonParser parser = Json.MAPPER.createParser(body == null ? new byte[0] : body)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return invalid(400, "empty body: expected a reading (a JSON object) or a JSON array of readings");
            }
            if (first == JsonToken.START_OBJECT) {
                items.add(ITEM_READER.readTree(parser));
                count = 1;
            } else if (first == JsonToken.START_ARRAY) {
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                    if (t == null) {
                        return invalid(400, "malformed JSON: the array is not closed");
                    }
                    count++;
                    if (count <= maxBatch) {
                        items.add(ITEM_READER.readTree(parser));
                    } else {
                        parser.skipChildren();
                    }
                }
            } else {
                return invalid(400, "expected a reading (a JSON object) or a JSON array of readings, got "
                        + describe(first));
            }
            if (parser.nextToken() != null) {
                return invalid(400, "malformed JSON: more content after the first JSON value");
            }
        } catch (JacksonException e) {
            return invalid(400, "malformed JSON: " + parserMessage(e));
        } catch (IOException e) {
            return invalid(400, "unreadable body: " + shorten(String.valueOf(e.getMessage())));
        }
        if (count == 0) {
            return invalid(400, "empty array: send 1 to " + maxBatch + " readings");
        }
        if (count > maxBatch) {
            return invalid(413, count + " readings in one request; at most " + maxBatch
                    + " per request: split the batch");
        }
        return check(items, scopeUnitId, now);
    }

    /**
     * Checks readings already turned into JSON objects (the rows of a CSV body): 1..maxBatch of
     * them, then the same rules as {@link #validate}; an error's index is the item's place in the list.
     */
    public Outcome validateNodes(List<JsonNode> items, String scopeUnitId, Instant now) {
        if (items.isEmpty()) {
            return invalid(400, "no readings: send 1 to " + maxBatch + " readings");
        }
        if (items.size() > maxBatch) {
            return invalid(413, items.size() + " readings in one request; at most " + maxBatch
                    + " per request: split the batch");
        }
        return check(items, scopeUnitId, now);
    }

    private Outcome check(List<JsonNode> items, String scopeUnitId, Instant now) {
        List<FieldError> errors = new ArrayList<>();
        boolean badRequest = false;
        List<Reading> readings = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            Reading r;
            try {
                r = ReadingCodec.fromNode(items.get(i), i);
            } catch (InvalidReadingException e) {
                errors.addAll(e.errors());
                badRequest = true;
                continue;
            }
            String station = r.stationId();
            Optional<Unit> unit = registry.find(station);
            boolean pollingArea = unit.isPresent() && registry.isLeaf(unit.get());
            if (unit.isEmpty()) {
                errors.add(new FieldError(i, "station_id", "unknown polling area " + station));
            } else if (!pollingArea) {
                errors.add(new FieldError(i, "station_id", station + " is a " + unit.get().level() + ", not a polling area"));
            }
            List<FieldError> outOfBounds = bounds.check(r, i, now);
            errors.addAll(outOfBounds);
            badRequest |= !outOfBounds.isEmpty();
            badRequest |= !pollingArea;
            if (pollingArea && !registry.isWithin(unit.get(), scopeUnitId)) {
                errors.add(new FieldError(i, "station_id", station + " is outside the scope of your token (unit "
                        + scopeUnitId + ")"));
            }
            readings.add(r);
        }
        if (errors.isEmpty()) {
            return new Valid(readings);
        }
        int total = errors.size();
        List<FieldError> shown = total > MAX_REPORTED_ERRORS ? errors.subList(0, MAX_REPORTED_ERRORS) : errors;
        return new Invalid(badRequest ? 400 : 403, shown, total);
    }

    private static Invalid invalid(int status, String message) {
        return new Invalid(status, List.of(new FieldError(-1, "$", message)), 1);
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.asString() == null ? token.name() : "'" + token.asString() + "'";
        };
    }

    private static String parserMessage(JacksonException e) {
        String message = shorten(ReadingCodec.withoutLocation(e.getOriginalMessage()));
        JsonLocation at = e.getLocation();
        return at == null || at.getLineNr() < 1 ? message
                : message + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }

    private static String shorten(String s) {
        return s.length() <= MAX_PARSER_MESSAGE ? s : s.substring(0, MAX_PARSER_MESSAGE) + "…";
    }
}
