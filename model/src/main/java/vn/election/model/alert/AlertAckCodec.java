package vn.election.model.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import vn.election.model.json.Json;

/** JSON codec for {@link AlertAck}: {@code {"alert_id", "by", "at"}} on {@code turnout.alert-acks}. */
public final class AlertAckCodec {

    private AlertAckCodec() {
    }

    public static ObjectNode toNode(AlertAck a) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("alert_id", a.alertId());
        o.put("by", a.by());
        o.put("at", a.at());
        return o;
    }

    public static byte[] encode(AlertAck a) {
        return toNode(a).toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Decodes an acknowledgement; throws {@link IllegalArgumentException} naming the problem on bad input. */
    public static AlertAck decode(byte[] json) {
        if (json == null || json.length == 0) {
            throw new IllegalArgumentException("empty alert acknowledgement");
        }
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed alert acknowledgement JSON: " + e.getMessage(), e);
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("alert acknowledgement is not a JSON object");
        }
        JsonNode id = n.get("alert_id");
        JsonNode at = n.get("at");
        JsonNode by = n.get("by");
        if (id == null || !id.isTextual() || id.textValue().isEmpty()) {
            throw new IllegalArgumentException("alert acknowledgement lacks text field alert_id");
        }
        if (at == null || !at.isTextual()) {
            throw new IllegalArgumentException("alert acknowledgement lacks text field at");
        }
        try {
            Instant.parse(at.textValue());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("alert acknowledgement's at is not an ISO-8601 instant");
        }
        if (by != null && !by.isNull() && (!by.isTextual() || by.textValue().length() > AlertAck.MAX_BY)) {
            throw new IllegalArgumentException("alert acknowledgement's by must be text of at most " + AlertAck.MAX_BY
                    + " characters");
        }
        return new AlertAck(id.textValue(), by == null || by.isNull() ? null : by.textValue(), at.textValue());
    }
}
