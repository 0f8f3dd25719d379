package vn.election.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import vn.election.model.alert.Alert;
import vn.election.model.json.Json;
import vn.election.model.registry.Registry;

/**
 * The silences in force: a list of {@link Silence}, usually read from a JSON file (an array of objects
 * with {@code id}, {@code unit_id}, {@code level}, {@code kind}, {@code starts_at}, {@code ends_at},
 * {@code comment}; times ISO-8601 with an offset); answers which one, if any, mutes an alert now.
 */
public final class Silences {

    private static final Silences NONE = new Silences(List.of());

    private final List<Silence> silences;

    public Silences(List<Silence> silences) {
        this.silences = List.copyOf(silences);
    }

    public static Silences none() {
        return NONE;
    }

    public List<Silence> all() {
        return silences;
    }

    /** The first silence muting {@code alert} at {@code now}. */
    public Optional<Silence> muting(Alert alert, Registry registry, Instant now) {
        for (Silence s : silences) {
            if (s.mutes(alert, registry, now)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** Reads a silences file; throws {@link IllegalArgumentException} naming the file, entry and field on a bad one. */
    public static Silences load(Path file, Registry registry) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("silences file " + file + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isArray()) {
            throw new IllegalArgumentException("silences file " + file + ": expected a JSON array of silences");
        }
        List<Silence> list = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode n = root.get(i);
            String where = "silences file " + file + ", entry " + i;
            if (!n.isObject()) {
                throw new IllegalArgumentException(where + ": not an object");
            }
            String id = text(n, "id", where);
            String unit = text(n, "unit_id", where);
            String level = text(n, "level", where);
            if (unit != null && registry.find(unit).isEmpty()) {
                throw new IllegalArgumentException(where + ": unit_id " + unit + " is not in the registry");
            }
            if (level != null && !registry.levels().contains(level)) {
                throw new IllegalArgumentException(where + ": level " + level + " is not one of " + registry.levels());
            }
            try {
                list.add(new Silence(id == null ? "#" + i : id, unit, level, text(n, "kind", where),
                        time(n, "starts_at", where), time(n, "ends_at", where), text(n, "comment", where)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage());
            }
        }
        return new Silences(list);
    }

    private static String text(JsonNode n, String field, String where) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual() || v.textValue().isBlank()) {
            throw new IllegalArgumentException(where + ": " + field + " must be a non-empty string");
        }
        return v.textValue();
    }

    private static Instant time(JsonNode n, String field, String where) {
        String t = text(n, field, where);
        try {
            return t == null ? null : OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(where + ": " + field + " must be ISO-8601 with an offset, got " + t);
        }
    }
}
