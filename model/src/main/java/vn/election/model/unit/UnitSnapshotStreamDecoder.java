package vn.election.model.unit;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vn.election.model.json.Json;

/**
 * Reads a well-formed unit snapshot in one pass over its bytes, with no tree: the dashboard's feed thread
 * decodes one per unit update, and Jackson's tree was a third of that thread's samples at 20,000 readings/s.
 * Anything unusual gives {@code null}, and {@link UnitSnapshotCodec} reads the record again the slow way to
 * name the problem (or skip the fields it does not know, as it does).
 */
final class UnitSnapshotStreamDecoder {

    private static final List<String> TOP_FIELDS = List.of("unit_id", "parent_id", "level", "name", "registered", "voted",
            "turnout_pct", "complete_by_level", "as_of", "version");
    private static final List<String> LEVEL_FIELDS = List.of("complete", "total", "reporting");

    private UnitSnapshotStreamDecoder() {
    }

    /** The snapshot in {@code json}, or null when it is not a plainly valid one. */
    static UnitSnapshot tryDecode(byte[] json) {
        try (JsonParser p = Json.MAPPER.getFactory().createParser(json)) {
            // Repeats are found by the bit mask below, cheaper than the parser's own set of names.
            p.disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            int seen = 0;
            String unitId = null;
            String parentId = null;
            String level = null;
            String name = null;
            String asOf = null;
            long registered = -1;
            long voted = -1;
            long version = 0;
            Map<String, LevelCompletion> levels = Map.of();
            for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                if (t != JsonToken.FIELD_NAME) {
                    return null;
                }
                String field = p.currentName();
                int bit = TOP_FIELDS.indexOf(field);
                if (bit < 0 || (seen & 1 << bit) != 0) {
                    return null;        // an unknown or repeated field: the tree decides
                }
                seen |= 1 << bit;
                JsonToken value = p.nextToken();
                switch (field) {
                    case "unit_id" -> unitId = string(p, value);
                    case "level" -> level = string(p, value);
                    case "name" -> name = string(p, value);
                    case "parent_id", "as_of" -> {
                        if (value != JsonToken.VALUE_NULL && value != JsonToken.VALUE_STRING) {
                            return null;
                        }
                        String s = value == JsonToken.VALUE_NULL ? null : p.getText();
                        if (field.equals("as_of")) {
                            asOf = s;
                        } else {
                            parentId = s;
                        }
                    }
                    case "registered" -> registered = count(p, value);
                    case "voted" -> voted = count(p, value);
                    case "version" -> {
                        if (value != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                            return null;
                        }
                        version = p.getLongValue();
                    }
                    case "complete_by_level" -> {
                        levels = levels(p, value);
                        if (levels == null) {
                            return null;
                        }
                    }
                    default -> p.skipChildren();      // turnout_pct: follows from the counts
                }
            }
            if (p.nextToken() != null || unitId == null || level == null || name == null || registered < 0 || voted < 0) {
                return null;
            }
            return new UnitSnapshot(unitId, parentId, level, name, registered, voted, levels, asOf, version);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static Map<String, LevelCompletion> levels(JsonParser p, JsonToken value) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            return null;
        }
        Map<String, LevelCompletion> levels = new LinkedHashMap<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String level = p.currentName();
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            if (levels.containsKey(level)) {
                return null;
            }
            long complete = -1;
            long total = -1;
            Long reporting = null;
            int seen = 0;
            for (JsonToken f = p.nextToken(); f != JsonToken.END_OBJECT; f = p.nextToken()) {
                String field = p.currentName();
                int bit = LEVEL_FIELDS.indexOf(field);
                if (bit < 0 || (seen & 1 << bit) != 0) {
                    return null;
                }
                seen |= 1 << bit;
                JsonToken v = p.nextToken();
                switch (field) {
                    case "complete" -> complete = count(p, v);
                    case "total" -> total = count(p, v);
                    case "reporting" -> {
                        if (v == JsonToken.VALUE_NULL) {
                            reporting = null;
                        } else if (v == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                            reporting = p.getLongValue();
                        } else {
                            return null;
                        }
                    }
                    default -> {
                        return null;
                    }
                }
            }
            if (complete < 0 || total < 0) {
                return null;
            }
            levels.put(level, new LevelCompletion(complete, total, reporting));
        }
        return levels;
    }

    private static String string(JsonParser p, JsonToken value) throws IOException {
        return value == JsonToken.VALUE_STRING ? p.getText() : null;
    }

    /** A whole, non-negative number that fits a long, or -1. */
    private static long count(JsonParser p, JsonToken value) throws IOException {
        if (value != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            return -1;
        }
        long v = p.getLongValue();
        return v < 0 ? -1 : v;
    }
}
