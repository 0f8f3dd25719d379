package vn.election.dashboard.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import vn.election.dashboard.auth.Session;
import vn.election.model.alert.AlertSilence;
import vn.election.model.alert.AlertSilenceCodec;
import vn.election.model.alert.AnomalyKind;
import vn.election.model.json.Json;
import vn.election.model.registry.Registry;

/**
 * Reads the body of {@code POST /api/v1/silences} (and of its {@code DELETE}) into a silence, or refuses it with a
 * message naming the field and why: unknown unit, level or kind, no matcher, an end in the past or too far ahead, an
 * oversized comment, a name that is not the signed-in user's.
 */
final class SilenceRequest {

    /** How far ahead a silence may end (and start): an election day and its count, with room to spare. */
    static final Duration MAX_AHEAD = Duration.ofDays(7);
    private static final List<String> KINDS = Arrays.stream(AnomalyKind.values()).map(Enum::name).toList();
    private static final String SHAPE = "{\"unit_id\", \"level\", \"kind\", \"starts_at\", \"ends_at\", \"comment\"}";

    private SilenceRequest() {
    }

    /** The silence a creation request makes, with a fresh id; {@code session} null on an open instance. */
    static AlertSilence create(String body, Session session, Registry registry, Instant now) {
        JsonNode n = object(body, SHAPE);
        String unit = text(n, "unit_id", 64);
        if (unit != null && registry.find(unit).isEmpty()) {
            throw new IllegalArgumentException("unit_id '" + Params.shown(unit) + "' is not in the registry");
        }
        String level = text(n, "level", 64);
        if (level != null && !registry.levels().contains(level)) {
            throw new IllegalArgumentException("level '" + Params.shown(level) + "' must be one of " + registry.levels());
        }
        String kind = text(n, "kind", 64);
        if (kind != null) {
            kind = kind.toUpperCase(Locale.ROOT);
            if (!KINDS.contains(kind)) {
                throw new IllegalArgumentException("kind '" + Params.shown(kind) + "' must be one of " + KINDS);
            }
        }
        if (unit == null && level == null && kind == null) {
            throw new IllegalArgumentException("give at least one matcher: unit_id, level or kind");
        }
        Instant latest = now.plus(MAX_AHEAD);
        Instant startsAt = time(n, "starts_at");
        if (startsAt != null && startsAt.isAfter(latest)) {
            throw new IllegalArgumentException("starts_at must be at most " + MAX_AHEAD.toDays() + " days ahead, got '"
                    + n.get("starts_at").textValue() + "'");
        }
        Instant endsAt = time(n, "ends_at");
        if (endsAt == null) {
            throw new IllegalArgumentException("ends_at is required: an ISO-8601 time with an offset, at most "
                    + MAX_AHEAD.toDays() + " days ahead");
        }
        String endsText = n.get("ends_at").textValue();
        if (!endsAt.isAfter(now)) {
            throw new IllegalArgumentException("ends_at must be in the future, got '" + endsText + "'");
        }
        if (endsAt.isAfter(latest)) {
            throw new IllegalArgumentException("ends_at must be at most " + MAX_AHEAD.toDays() + " days ahead (before "
                    + latest.truncatedTo(ChronoUnit.SECONDS) + "), got '" + endsText + "'");
        }
        if (startsAt != null && !startsAt.isBefore(endsAt)) {
            throw new IllegalArgumentException("ends_at must be after starts_at, got starts_at '"
                    + n.get("starts_at").textValue() + "' and ends_at '" + endsText + "'");
        }
        if (startsAt != null && !startsAt.isAfter(now)) {
            startsAt = null; // already started: in force from now, as a silence without starts_at
        }
        String comment = text(n, "comment", AlertSilence.MAX_COMMENT);
        String by = who(n, "created_by", session);
        return new AlertSilence(UUID.randomUUID().toString(), unit, level, kind, startsAt, endsAt, comment, by,
                now.truncatedTo(ChronoUnit.SECONDS), session != null, null, null);
    }

    /** Who ends a silence early: the signed-in user, or the optional {@code expired_by} typed on an open instance. */
    static String expiredBy(String body, Session session) {
        JsonNode n = body == null || body.isBlank() ? Json.MAPPER.createObjectNode() : object(body, "{\"expired_by\"}");
        return who(n, "expired_by", session);
    }

    /**
     * With logins the name is the signed-in user's: a body may only repeat it (another name is refused, not silently
     * replaced, as for acknowledgements); on an open instance it is what the client typed.
     */
    private static String who(JsonNode n, String field, Session session) {
        String by = text(n, field, AlertSilence.MAX_BY);
        if (session == null) {
            return by;
        }
        if (by != null && !by.strip().equals(session.name())) {
            throw new IllegalArgumentException(field + " must be the signed-in user '" + session.name()
                    + "' (or left out) on an instance with logins, got '" + Params.shown(by) + "'; put other words in comment");
        }
        return session.name();
    }

    private static JsonNode object(String raw, String shape) {
        JsonNode n;
        try {
            n = raw == null || raw.isBlank() ? null : Json.MAPPER.readTree(raw);
        } catch (IOException e) {
            throw new IllegalArgumentException("body must be JSON " + shape);
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("body must be a JSON object " + shape);
        }
        return n;
    }

    private static String text(JsonNode n, String field, int max) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull() || v.isTextual() && v.textValue().isBlank()) {
            return null;
        }
        if (!v.isTextual() || v.textValue().length() > max) {
            throw new IllegalArgumentException(field + " must be text of at most " + max + " characters");
        }
        return v.textValue().strip();
    }

    private static Instant time(JsonNode n, String field) {
        String t = text(n, field, 64);
        return t == null ? null : AlertSilenceCodec.parseTime(field, t);
    }
}
