package vn.election.model.reading;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import vn.election.model.json.Json;
import vn.election.model.time.IsoTime;

/**
 * Reads a well-formed reading in one pass over its bytes, with no tree: the job's source decodes every
 * reading, and Jackson's tree was a seventh of that thread's samples. It answers only what it is sure of:
 * anything unusual (an unknown or repeated field, a wrong type, a value out of range, a bad time) gives
 * {@code null}, and {@link ReadingCodec} reads the record again the slow way to say exactly what is wrong.
 */
final class ReadingStreamDecoder {

    private ReadingStreamDecoder() {
    }

    /** The reading in {@code json}, or null when it is not a plainly valid one. */
    static Reading tryDecode(byte[] json) {
        try (JsonParser p = Json.MAPPER.getFactory().createParser(json)) {
            // Repeats are found by the bit mask below, cheaper than the parser's own set of names.
            p.disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            int seen = 0;
            String station = null;
            String source = null;
            String observedAt = null;
            String sentBy = null;
            long seq = -1;
            long voted = -1;
            long registered = -1;
            for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                if (t != JsonToken.FIELD_NAME) {
                    return null;
                }
                String name = p.currentName();
                int bit = ReadingCodec.FIELD_NAMES.indexOf(name);
                if (bit < 0 || (seen & 1 << bit) != 0) {
                    return null;        // an unknown or repeated field: the tree names it
                }
                seen |= 1 << bit;
                JsonToken value = p.nextToken();
                switch (name) {
                    case "station_id" -> station = text(p, value);
                    case "source" -> source = value == JsonToken.VALUE_NULL ? null : text(p, value);
                    case "sent_by" -> sentBy = value == JsonToken.VALUE_NULL ? null : text(p, value);
                    case "observed_at" -> observedAt = value == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "seq" -> seq = count(p, value, 1, Long.MAX_VALUE);
                    case "voted" -> voted = count(p, value, 0, ReadingCodec.MAX_COUNT);
                    case "registered" -> registered = value == JsonToken.VALUE_NULL ? -2
                            : count(p, value, 0, ReadingCodec.MAX_COUNT);
                    default -> {
                        return null;
                    }
                }
                if (value != JsonToken.VALUE_NULL && (name.equals("source") && source == null
                        || name.equals("sent_by") && sentBy == null || name.equals("registered") && registered == -1)) {
                    return null;
                }
            }
            if (p.nextToken() != null || station == null || observedAt == null || seq < 0 || voted < 0) {
                return null;
            }
            return new Reading(station, source == null ? Reading.DEFAULT_SOURCE : source, seq,
                    IsoTime.instant(observedAt), IsoTime.offsetSeconds(observedAt), voted,
                    registered < 0 ? null : registered, sentBy);
        } catch (IOException | RuntimeException e) {   // DateTimeParseException included
            return null;
        }
    }

    /** A string {@link ReadingCodec} would accept as an id, or null. */
    private static String text(JsonParser p, JsonToken value) throws IOException {
        if (value != JsonToken.VALUE_STRING) {
            return null;
        }
        String s = p.getText();
        return ReadingCodec.idProblem(s) == null ? s : null;
    }

    /** A whole number within [min, max], or -1. */
    private static long count(JsonParser p, JsonToken value, long min, long max) throws IOException {
        if (value != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            return -1;
        }
        long v = p.getLongValue();
        return v < min || v > max ? -1 : v;
    }
}
