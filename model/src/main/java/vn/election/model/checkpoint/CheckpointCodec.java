package vn.election.model.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import vn.election.model.json.Json;
import vn.election.model.time.IsoTime;

/**
 * JSON codec for a {@link CheckpointRecord} on {@code turnout.checkpoints}: {@code {"unit_id", "checkpoint", "at",
 * "frozen_at", "data_clock", "registered", "voted", "turnout_pct", "areas_reporting", "areas_total",
 * "complete_by_level": [{"level", "complete", "total"}], "source", "figures_time"}}; {@code turnout_pct} is derived,
 * so decoding ignores it.
 */
public final class CheckpointCodec {

    private CheckpointCodec() {
    }

    public static ObjectNode toNode(CheckpointRecord c) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("unit_id", c.unitId());
        o.put("checkpoint", CheckpointRecord.KEY_TIME.format(c.checkpoint()));
        o.put("at", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(c.at()));
        o.put("frozen_at", c.frozenAt().toString());
        o.put("data_clock", c.dataClock() == null ? null : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(c.dataClock()));
        o.put("registered", c.registered());
        o.put("voted", c.voted());
        o.put("turnout_pct", c.turnoutPct());
        o.put("areas_reporting", c.areasReporting());
        o.put("areas_total", c.areasTotal());
        ArrayNode levels = o.putArray("complete_by_level");
        for (CheckpointRecord.LevelCount l : c.completeByLevel()) {
            levels.addObject().put("level", l.level()).put("complete", l.complete()).put("total", l.total());
        }
        o.put("source", c.source());
        o.put("figures_time", c.figuresTime() == null ? null : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(c.figuresTime()));
        return o;
    }

    public static byte[] encode(CheckpointRecord c) {
        return toNode(c).toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Decodes a checkpoint record; throws {@link IllegalArgumentException} naming the problem on bad input. */
    public static CheckpointRecord decode(byte[] json) {
        if (json == null || json.length == 0) {
            throw new IllegalArgumentException("empty checkpoint record");
        }
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed checkpoint JSON: " + e.getMessage(), e);
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("checkpoint record is not a JSON object");
        }
        try {
            List<CheckpointRecord.LevelCount> levels = new ArrayList<>();
            JsonNode rows = n.get("complete_by_level");
            if (rows != null && !rows.isNull()) {
                if (!rows.isArray()) {
                    throw new IllegalArgumentException("checkpoint's complete_by_level is not an array");
                }
                for (JsonNode r : rows) {
                    levels.add(new CheckpointRecord.LevelCount(text(r, "level"), count(r, "complete"), count(r, "total")));
                }
            }
            String figuresTime = optionalText(n, "figures_time");
            String dataClock = optionalText(n, "data_clock");
            return new CheckpointRecord(text(n, "unit_id"), LocalDateTime.parse(text(n, "checkpoint"), CheckpointRecord.KEY_TIME),
                    IsoTime.parse(text(n, "at")), Instant.parse(text(n, "frozen_at")),
                    dataClock == null ? null : IsoTime.parse(dataClock), count(n, "registered"), count(n, "voted"),
                    count(n, "areas_reporting"), count(n, "areas_total"), levels, text(n, "source"),
                    figuresTime == null ? null : IsoTime.parse(figuresTime));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("checkpoint record has a malformed time: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode n, String field) {
        String v = optionalText(n, field);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException("checkpoint record lacks text field " + field);
        }
        return v;
    }

    private static String optionalText(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException("checkpoint record's " + field + " is not text");
        }
        return v.textValue();
    }

    private static long count(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
            throw new IllegalArgumentException("checkpoint record's " + field + " is not a whole number of at least 0");
        }
        return v.longValue();
    }
}
