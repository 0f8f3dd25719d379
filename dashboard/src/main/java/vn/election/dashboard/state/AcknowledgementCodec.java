package vn.election.dashboard.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import vn.election.model.alert.AlertAck;
import vn.election.model.alert.AlertAckCodec;
import vn.election.model.json.Json;

/**
 * JSON of an {@link Acknowledgement} on {@code turnout.alert-acks}: the model's {@code {"alert_id","by","at"}}
 * (checked by {@link AlertAckCodec}, so any reader of that shape still reads these records) plus
 * {@code "ack_id"}, {@code "note"} and {@code "signed_in"}, which a record from before histories lacks.
 */
public final class AcknowledgementCodec {

    private AcknowledgementCodec() {
    }

    public static byte[] encode(Acknowledgement a) {
        ObjectNode o = AlertAckCodec.toNode(new AlertAck(a.alertId(), a.by(), a.at()));
        o.put("ack_id", a.ackId());
        o.put("note", a.note());
        o.put("signed_in", a.signedIn());
        return o.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The acknowledgement in a record; throws {@link IllegalArgumentException} naming what is wrong. */
    public static Acknowledgement decode(byte[] json) {
        AlertAck base = AlertAckCodec.decode(json);
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed alert acknowledgement JSON: " + e.getMessage(), e);
        }
        String ackId = optionalText(n, "ack_id", Acknowledgement.MAX_ACK_ID);
        String note = optionalText(n, "note", Acknowledgement.MAX_NOTE);
        JsonNode signedIn = n.get("signed_in");
        if (signedIn != null && !signedIn.isNull() && !signedIn.isBoolean()) {
            throw new IllegalArgumentException("alert acknowledgement's signed_in must be true or false");
        }
        return new Acknowledgement(base.alertId(), ackId, base.by(), base.at(), note, signedIn != null && signedIn.asBoolean());
    }

    /** The fields the API and the websocket show for one acknowledgement (no alert_id: it sits in its alert). */
    public static ObjectNode toShown(Acknowledgement a) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("by", a.by());
        o.put("at", a.at());
        o.put("note", a.note());
        o.put("signed_in", a.signedIn());
        return o;
    }

    private static String optionalText(JsonNode n, String field, int max) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual() || v.textValue().length() > max) {
            throw new IllegalArgumentException("alert acknowledgement's " + field + " must be text of at most " + max
                    + " characters");
        }
        return v.textValue();
    }
}
