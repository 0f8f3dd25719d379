package vn.election.model.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import vn.election.model.json.Json;
import vn.election.model.time.IsoTime;

/**
 * JSON codec for a {@link HistoryRecord} on {@code turnout.history}:
 * {@code {"unit_id", "bucket_end", "voted", "registered", "turnout_pct", "reporting",
 * "voted_per_15_min", "voted_per_hour", "open"}}, snake_case like the unit JSON; {@code open} is true for the
 * figures so far of a bucket not closed yet (absent means false); unknown rates are
 * {@code null}, and {@code turnout_pct} is derived, so decoding ignores it.
 */
public final class HistoryPointCodec {

    private HistoryPointCodec() {
    }

    public static ObjectNode toNode(HistoryRecord h) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("unit_id", h.unitId());
        o.put("bucket_end", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(h.bucketEnd()));
        o.put("voted", h.voted());
        o.put("registered", h.registered());
        BigDecimal pct = h.turnoutPct();
        if (pct == null) {
            o.putNull("turnout_pct");
        } else {
            o.put("turnout_pct", pct);
        }
        o.put("reporting", h.reporting());
        o.put("voted_per_15_min", h.votedPer15Min());
        o.put("voted_per_hour", h.votedPerHour());
        o.put("open", h.open());
        return o;
    }

    public static byte[] encode(HistoryRecord h) {
        return toNode(h).toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Decodes a history point; throws {@link IllegalArgumentException} naming the problem on bad input. */
    public static HistoryRecord decode(byte[] json) {
        if (json == null || json.length == 0) {
            throw new IllegalArgumentException("empty history point");
        }
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed history point JSON: " + e.getMessage(), e);
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("history point is not a JSON object");
        }
        JsonNode unit = n.get("unit_id");
        if (unit == null || !unit.isTextual() || unit.textValue().isEmpty()) {
            throw new IllegalArgumentException("history point lacks text field unit_id");
        }
        JsonNode end = n.get("bucket_end");
        if (end == null || !end.isTextual()) {
            throw new IllegalArgumentException("history point lacks text field bucket_end");
        }
        OffsetDateTime bucketEnd;
        try {
            bucketEnd = IsoTime.parse(end.textValue());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("history point's bucket_end is not an ISO-8601 time with offset: "
                    + abbreviate(end.textValue()));
        }
        return new HistoryRecord(unit.textValue(), bucketEnd, count(n, "voted"), count(n, "registered"),
                count(n, "reporting"), countOrNull(n, "voted_per_15_min"), countOrNull(n, "voted_per_hour"), open(n));
    }

    private static boolean open(JsonNode n) {
        JsonNode v = n.get("open");
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw new IllegalArgumentException("history point's open is not true or false");
        }
        return v.booleanValue();
    }

    private static long count(JsonNode n, String field) {
        Long v = countOrNull(n, field);
        if (v == null) {
            throw new IllegalArgumentException("history point lacks whole-number field " + field);
        }
        return v;
    }

    private static Long countOrNull(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new IllegalArgumentException("history point's " + field + " is not a whole number");
        }
        if (v.longValue() < 0) {
            throw new IllegalArgumentException("history point's " + field + " is negative (" + v.longValue() + ")");
        }
        return v.longValue();
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
