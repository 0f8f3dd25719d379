package vn.election.model.reading;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import vn.election.model.json.Json;

/** A record the turnout job refused, with why: written to the rejected topic instead of failing the job. */
public record RejectedReading(String payload, String reason, long rejectedAtMillis) {

    /** Longest payload kept, so a hostile record cannot bloat the rejected topic. */
    public static final int MAX_PAYLOAD = 4096;

    public static RejectedReading of(byte[] raw, String reason, long now) {
        String text = raw == null ? "" : new String(raw, StandardCharsets.UTF_8);
        return new RejectedReading(text.length() > MAX_PAYLOAD ? text.substring(0, MAX_PAYLOAD) + "…" : text, reason, now);
    }

    public byte[] encode() {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("reason", reason);
        o.put("payload", payload);
        o.put("rejected_at", java.time.Instant.ofEpochMilli(rejectedAtMillis).toString());
        return o.toString().getBytes(StandardCharsets.UTF_8);
    }
}
