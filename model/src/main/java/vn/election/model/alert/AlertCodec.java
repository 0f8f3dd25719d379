package vn.election.model.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import vn.election.model.json.Json;

/** JSON codec for {@link Alert} in docs/contract.md's shape, used on Kafka and for webhooks. */
public final class AlertCodec {

    private AlertCodec() {
    }

    public static ObjectNode toNode(Alert a) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("alert_id", a.alertId());
        o.put("rule_id", a.ruleId());
        o.put("kind", a.kind());
        o.put("unit_id", a.unitId());
        o.put("level", a.level());
        o.put("severity", a.severity());
        o.put("state", a.state().wire());
        o.put("value", a.value());
        o.put("threshold", a.threshold());
        o.put("started_at", a.startedAt());
        o.put("ended_at", a.endedAt());
        o.put("message", a.message());
        o.put("message_vi", a.messageVi());
        return o;
    }

    public static byte[] encode(Alert a) {
        return toNode(a).toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Decodes an alert; throws {@link IllegalArgumentException} naming the problem on bad input. */
    public static Alert decode(byte[] json) {
        if (json == null || json.length == 0) {
            throw new IllegalArgumentException("empty alert");
        }
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed alert JSON: " + e.getMessage(), e);
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("alert is not a JSON object");
        }
        Alert.State state;
        try {
            state = Alert.State.valueOf(text(n, "state", true).toUpperCase());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("alert state must be pending, firing, recovering or resolved");
        }
        return new Alert(text(n, "alert_id", true), text(n, "rule_id", false), text(n, "kind", true),
                text(n, "unit_id", true), text(n, "level", false), text(n, "severity", false), state,
                decimal(n, "value"), decimal(n, "threshold"), text(n, "started_at", false), text(n, "ended_at", false),
                text(n, "message", false), text(n, "message_vi", false));
    }

    private static String text(JsonNode n, String field, boolean required) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new IllegalArgumentException("alert lacks " + field);
            }
            return null;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException("alert field " + field + " is not text");
        }
        return v.textValue();
    }

    private static BigDecimal decimal(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber()) {
            throw new IllegalArgumentException("alert field " + field + " is not a number");
        }
        return v.decimalValue();
    }
}
