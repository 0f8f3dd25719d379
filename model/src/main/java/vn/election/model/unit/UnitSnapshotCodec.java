package vn.election.model.unit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import vn.election.model.json.Json;

/** JSON codec for {@link UnitSnapshot} in docs/contract.md's unit shape (snake_case, turnout_pct included). */
public final class UnitSnapshotCodec {

    private UnitSnapshotCodec() {
    }

    public static ObjectNode toNode(UnitSnapshot s) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("unit_id", s.unitId());
        o.put("parent_id", s.parentId());
        o.put("level", s.level());
        o.put("name", s.name());
        o.put("registered", s.registered());
        o.put("voted", s.voted());
        BigDecimal pct = s.turnoutPct();
        if (pct == null) {
            o.putNull("turnout_pct");
        } else {
            o.put("turnout_pct", pct);
        }
        ObjectNode levels = o.putObject("complete_by_level");
        s.completeByLevel().forEach((level, c) -> {
            ObjectNode l = levels.putObject(level);
            l.put("complete", c.complete());
            l.put("total", c.total());
            if (c.reporting() != null) {
                l.put("reporting", c.reporting());
            }
        });
        o.put("as_of", s.asOf());
        o.put("version", s.version());
        return o;
    }

    /**
     * The same JSON as {@link #toNode}, written straight to bytes: the job writes one per unit update, and
     * building a tree first was a visible part of its profile.
     */
    public static byte[] encode(UnitSnapshot s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + 48 * s.completeByLevel().size());
        try (JsonGenerator g = Json.MAPPER.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("unit_id", s.unitId());
            g.writeStringField("parent_id", s.parentId());
            g.writeStringField("level", s.level());
            g.writeStringField("name", s.name());
            g.writeNumberField("registered", s.registered());
            g.writeNumberField("voted", s.voted());
            BigDecimal pct = s.turnoutPct();
            if (pct == null) {
                g.writeNullField("turnout_pct");
            } else {
                g.writeNumberField("turnout_pct", pct);
            }
            g.writeObjectFieldStart("complete_by_level");
            for (Map.Entry<String, LevelCompletion> e : s.completeByLevel().entrySet()) {
                LevelCompletion c = e.getValue();
                g.writeObjectFieldStart(e.getKey());
                g.writeNumberField("complete", c.complete());
                g.writeNumberField("total", c.total());
                if (c.reporting() != null) {
                    g.writeNumberField("reporting", c.reporting());
                }
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeStringField("as_of", s.asOf());
            g.writeNumberField("version", s.version());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a unit snapshot to memory", e);
        }
        return out.toByteArray();
    }

    /** Decodes a snapshot; throws {@link IllegalArgumentException} naming the problem on bad input. */
    public static UnitSnapshot decode(byte[] json) {
        if (json == null || json.length == 0) {
            throw new IllegalArgumentException("empty unit snapshot");
        }
        UnitSnapshot plain = UnitSnapshotStreamDecoder.tryDecode(json);
        if (plain != null) {
            return plain;
        }
        // Something is off: the tree says what.
        return decodeTree(json);
    }

    /** The slow, exact reading of {@link #decode}, which a record that is not plainly valid goes through (public for the codec bench). */
    public static UnitSnapshot decodeTree(byte[] json) {
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed unit snapshot JSON: " + e.getMessage(), e);
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("unit snapshot is not a JSON object");
        }
        Map<String, LevelCompletion> levels = new LinkedHashMap<>();
        JsonNode byLevel = n.path("complete_by_level");
        if (!byLevel.isMissingNode() && !byLevel.isObject()) {
            throw new IllegalArgumentException("unit snapshot's complete_by_level is not an object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = byLevel.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode r = e.getValue().get("reporting");
            levels.put(e.getKey(), new LevelCompletion(requiredLong(e.getValue(), "complete"),
                    requiredLong(e.getValue(), "total"), r == null || r.isNull() ? null : r.asLong()));
        }
        return new UnitSnapshot(requiredText(n, "unit_id"), textOrNull(n, "parent_id"), requiredText(n, "level"),
                requiredText(n, "name"), requiredLong(n, "registered"), requiredLong(n, "voted"), levels,
                textOrNull(n, "as_of"), n.path("version").asLong(0));
    }

    private static String requiredText(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("unit snapshot lacks text field " + field);
        }
        return v.textValue();
    }

    private static String textOrNull(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static long requiredLong(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new IllegalArgumentException("unit snapshot lacks whole-number field " + field);
        }
        if (v.longValue() < 0) {
            throw new IllegalArgumentException("unit snapshot's " + field + " is negative (" + v.longValue() + ")");
        }
        return v.longValue();
    }
}
