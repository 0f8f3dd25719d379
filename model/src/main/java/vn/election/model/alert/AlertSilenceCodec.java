package vn.election.model.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import vn.election.model.json.Json;

/**
 * JSON codec for {@link AlertSilence} on {@code turnout.alert-silences}: {@code {"id", "unit_id", "level", "kind",
 * "starts_at", "ends_at", "comment", "created_by", "created_at", "signed_in", "expired_by", "expired_at"}}, times
 * ISO-8601 instants (read with any offset).
 */
public final class AlertSilenceCodec {

    private AlertSilenceCodec() {
    }

    public static ObjectNode toNode(AlertSilence s) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("id", s.id());
        o.put("unit_id", s.unitId());
        o.put("level", s.level());
        o.put("kind", s.kind());
        o.put("starts_at", text(s.startsAt()));
        o.put("ends_at", text(s.endsAt()));
        o.put("comment", s.comment());
        o.put("created_by", s.createdBy());
        o.put("created_at", text(s.createdAt()));
        o.put("signed_in", s.signedIn());
        o.put("expired_by", s.expiredBy());
        o.put("expired_at", text(s.expiredAt()));
        return o;
    }

    public static byte[] encode(AlertSilence s) {
        return toNode(s).toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Decodes a silence; throws {@link IllegalArgumentException} naming the field on bad input. */
    public static AlertSilence decode(byte[] json) {
        if (json == null || json.length == 0) {
            throw new IllegalArgumentException("empty alert silence");
        }
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed alert silence JSON: " + e.getMessage(), e);
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("alert silence is not a JSON object");
        }
        String id = text(n, "id", AlertSilence.MAX_ID);
        if (id == null) {
            throw new IllegalArgumentException("alert silence lacks text field id");
        }
        Instant createdAt = time(n, "created_at");
        if (createdAt == null) {
            throw new IllegalArgumentException("alert silence lacks field created_at");
        }
        JsonNode signedIn = n.get("signed_in");
        return new AlertSilence(id, text(n, "unit_id", 200), text(n, "level", 200), text(n, "kind", 200),
                time(n, "starts_at"), time(n, "ends_at"), text(n, "comment", AlertSilence.MAX_COMMENT),
                text(n, "created_by", AlertSilence.MAX_BY), createdAt, signedIn != null && signedIn.asBoolean(false),
                text(n, "expired_by", AlertSilence.MAX_BY), time(n, "expired_at"));
    }

    /** An ISO-8601 time with an offset ({@code Z} included) as an instant; throws naming the field otherwise. */
    public static Instant parseTime(String field, String value) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + " must be an ISO-8601 time with an offset "
                    + "(2026-03-15T12:00:00+07:00), got '" + shown(value) + "'");
        }
    }

    private static String text(JsonNode n, String field, int max) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual() || v.textValue().isBlank() || v.textValue().length() > max) {
            throw new IllegalArgumentException("alert silence's " + field + " must be non-empty text of at most "
                    + max + " characters");
        }
        return v.textValue();
    }

    private static Instant time(JsonNode n, String field) {
        String t = text(n, field, 64);
        return t == null ? null : parseTime("alert silence's " + field, t);
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }

    private static String shown(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "…" : s;
    }
}
