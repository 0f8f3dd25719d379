package vn.election.model.reading;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import vn.election.model.json.Json;
import vn.election.model.time.IsoTime;

/**
 * JSON codec for {@link Reading} in docs/contract.md's shape: decodes with one {@link FieldError} per
 * problem (never a partial reading), encodes back to the same shape.
 */
public final class ReadingCodec {

    /** No polling area has a list this long; a larger count is a typo or an attack, not a reading. */
    public static final long MAX_COUNT = 1_000_000L;
    static final int MAX_ID_LENGTH = 128;

    /** The reading's fields in docs/contract.md's order; the streaming decoder numbers them by this list. */
    static final List<String> FIELD_NAMES =
            List.of("station_id", "source", "seq", "observed_at", "voted", "registered", "sent_by");
    private static final Set<String> FIELDS = Set.copyOf(FIELD_NAMES);

    private ReadingCodec() {
    }

    /** Decodes one reading from UTF-8 JSON bytes. */
    public static Reading decode(byte[] json) throws InvalidReadingException {
        if (json == null || json.length == 0) {
            throw single(-1, "$", "empty body: expected a JSON object");
        }
        Reading plain = ReadingStreamDecoder.tryDecode(json);
        if (plain != null) {
            return plain;
        }
        // Something is off: the tree says exactly what, field by field.
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(json);
        } catch (JacksonException e) {
            throw single(-1, "$", "malformed JSON: " + withoutLocation(e.getOriginalMessage()));
        } catch (java.io.IOException e) {
            throw single(-1, "$", "unreadable JSON: " + e.getMessage());
        }
        return fromNode(node, -1);
    }

    /** Decodes one reading from a JSON string. */
    public static Reading decode(String json) throws InvalidReadingException {
        return decode(json == null ? null : json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads one reading out of an already parsed JSON value; {@code index} is its place in a batch
     * (or -1) and is carried into every error.
     */
    public static Reading fromNode(JsonNode node, int index) throws InvalidReadingException {
        if (node == null || !node.isObject()) {
            throw single(index, "$", "expected a JSON object, got " + (node == null ? "nothing" : node.getNodeType()));
        }
        List<FieldError> errors = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!FIELDS.contains(name)) {
                errors.add(new FieldError(index, shorten(name), "unknown field; expected one of " + FIELDS));
            }
        }
        String station = text(node, "station_id", true, index, errors);
        String source = text(node, "source", false, index, errors);
        Long seq = count(node, "seq", true, 1, Long.MAX_VALUE, index, errors);
        OffsetDateTime observedAt = time(node, index, errors);
        Long voted = count(node, "voted", true, 0, MAX_COUNT, index, errors);
        Long registered = count(node, "registered", false, 0, MAX_COUNT, index, errors);
        String sentBy = text(node, "sent_by", false, index, errors);
        if (!errors.isEmpty()) {
            throw new InvalidReadingException(errors);
        }
        return Reading.of(station, source == null ? Reading.DEFAULT_SOURCE : source, seq, observedAt, voted,
                registered).withSentBy(sentBy);
    }

    /** Encodes a reading as docs/contract.md's JSON object. */
    public static byte[] encode(Reading r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(160);
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
            write(r, g);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a reading to memory", e);
        }
        return out.toByteArray();
    }

    /** Encodes a reading as a JSON string. */
    public static String toJson(Reading r) {
        return new String(encode(r), StandardCharsets.UTF_8);
    }

    // Straight to bytes, no tree: ingest encodes every accepted reading.
    private static void write(Reading r, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("station_id", r.stationId());
        g.writeStringField("source", r.source());
        g.writeNumberField("seq", r.seq());
        g.writeStringField("observed_at", IsoTime.format(r.observedAt(), r.utcOffsetSeconds()));
        g.writeNumberField("voted", r.voted());
        if (r.registered() != null) {
            g.writeNumberField("registered", r.registered());
        }
        if (r.sentBy() != null) {
            g.writeStringField("sent_by", r.sentBy());
        }
        g.writeEndObject();
    }

    private static String text(JsonNode node, String field, boolean required, int index, List<FieldError> errors) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                errors.add(new FieldError(index, field, "missing; required"));
            }
            return null;
        }
        if (!v.isTextual()) {
            errors.add(new FieldError(index, field, "must be a string, got " + v.getNodeType()));
            return null;
        }
        String s = v.textValue();
        String problem = idProblem(s);
        if (problem != null) {
            errors.add(new FieldError(index, field, problem));
            return null;
        }
        return s;
    }

    /** What is wrong with {@code s} as an id or source name, or null when nothing is: both decoders' one rule. */
    static String idProblem(String s) {
        if (s.isBlank()) {
            return "must not be empty";
        }
        if (s.length() > MAX_ID_LENGTH) {
            return "longer than " + MAX_ID_LENGTH + " characters";
        }
        for (int i = 0; i < s.length(); i++) {
            if (Character.isISOControl(s.charAt(i))) {
                return "contains a control character";
            }
        }
        return null;
    }

    private static Long count(JsonNode node, String field, boolean required, long min, long max, int index,
                              List<FieldError> errors) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                errors.add(new FieldError(index, field, "missing; required"));
            }
            return null;
        }
        if (!v.isIntegralNumber()) {
            String got = v.isNumber() ? "a fraction (" + v.asText() + ")" : v.getNodeType().toString().toLowerCase();
            errors.add(new FieldError(index, field, "must be a whole number, got " + got));
            return null;
        }
        if (!v.canConvertToLong()) {
            errors.add(new FieldError(index, field, "out of range: must be at most " + max));
            return null;
        }
        long value = v.longValue();
        if (value < min) {
            errors.add(new FieldError(index, field, "must be at least " + min + ", got " + value));
            return null;
        }
        if (value > max) {
            errors.add(new FieldError(index, field, "must be at most " + max + ", got " + value));
            return null;
        }
        return value;
    }

    private static OffsetDateTime time(JsonNode node, int index, List<FieldError> errors) {
        JsonNode v = node.get("observed_at");
        if (v == null || v.isNull()) {
            errors.add(new FieldError(index, "observed_at", "missing; required"));
            return null;
        }
        if (!v.isTextual()) {
            errors.add(new FieldError(index, "observed_at", "must be an ISO-8601 string with offset"));
            return null;
        }
        try {
            return IsoTime.parse(v.textValue());
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(index, "observed_at",
                    "not an ISO-8601 date-time with offset (like 2021-05-23T09:00:00+07:00): "
                            + shorten(v.textValue())));
            return null;
        }
    }

    private static final java.util.regex.Pattern SOURCE_LOCATION =
            java.util.regex.Pattern.compile("\\s*at \\[Source: [^;\\]]*; line: (\\d+), column: (\\d+)\\]");

    /** Jackson's message with "at [Source: REDACTED …; line: 1, column: 2]" said plainly: "at line 1, column 2". */
    public static String withoutLocation(String message) {
        if (message == null) {
            return "unreadable";
        }
        return SOURCE_LOCATION.matcher(message).replaceAll(" at line $1, column $2").strip();
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }

    private static InvalidReadingException single(int index, String field, String message) {
        return new InvalidReadingException(List.of(new FieldError(index, field, message)));
    }
}
