package vn.election.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import vn.election.model.json.Json;

/**
 * One line of the token store: a token's id, the SHA-256 of the token (never the token), the unit it
 * reports for, a label, when it was created and revoked, and its rate limit; to and from a JSON line.
 *
 * @param id short public name of the token ({@code t_} + 10 hex digits), used by {@code token revoke}
 * @param hash SHA-256 of the token, 64 lower-case hex digits ({@link IngestTokens#hash})
 * @param unit the unit whose polling areas the token may report for
 * @param label free text for people (who holds it), may be empty
 * @param created when it was made
 * @param revoked when it was revoked, or null while it is active
 * @param rate readings per second it may send, or null for ingest's default
 */
public record TokenRecord(String id, String hash, String unit, String label, Instant created, Instant revoked,
                          Integer rate) {

    public TokenRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(created, "created");
        label = label == null ? "" : label;
    }

    public boolean active() {
        return revoked == null;
    }

    /** The same token, revoked at {@code when} (unchanged when it already was). */
    public TokenRecord revokedAt(Instant when) {
        return revoked != null ? this : new TokenRecord(id, hash, unit, label, created, when, rate);
    }

    /** One JSON object, fields in a fixed order, no line break. */
    public String toJsonLine() {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("id", id).put("hash", hash).put("unit", unit).put("label", label).put("created", created.toString());
        if (revoked == null) {
            o.putNull("revoked");
        } else {
            o.put("revoked", revoked.toString());
        }
        if (rate == null) {
            o.putNull("rate");
        } else {
            o.put("rate", rate);
        }
        return o.toString();
    }

    /** Parses one line; the exception's message says which field is wrong and what was expected. */
    public static TokenRecord fromJsonLine(String line) {
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(line);
        } catch (Exception e) {
            throw new IllegalArgumentException("not a JSON object");
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        String id = text(n, "id", true);
        if (!id.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new IllegalArgumentException("id must be 1 to 64 letters, digits, '_' or '-', got '" + id + "'");
        }
        String hash = text(n, "hash", true);
        if (!hash.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("hash must be 64 lower-case hex digits (SHA-256)");
        }
        String unit = text(n, "unit", true);
        Integer rate = null;
        JsonNode r = n.get("rate");
        if (r != null && !r.isNull()) {
            if (!r.canConvertToInt() || !r.isIntegralNumber() || r.asInt() < 1) {
                throw new IllegalArgumentException("rate must be a whole number of readings per second, at least 1, got " + r);
            }
            rate = r.asInt();
        }
        return new TokenRecord(id, hash, unit, text(n, "label", false), instant(n, "created", true),
                instant(n, "revoked", false), rate);
    }

    private static String text(JsonNode n, String field, boolean required) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new IllegalArgumentException(field + " is missing");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException(field + " must be a string");
        }
        return v.asText();
    }

    private static Instant instant(JsonNode n, String field, boolean required) {
        String s = text(n, field, required);
        if (s == null) {
            return null;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + " must be an instant like 2026-03-15T00:00:00Z, got '" + s + "'");
        }
    }
}
