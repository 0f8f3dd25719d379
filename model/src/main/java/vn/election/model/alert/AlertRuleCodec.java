package vn.election.model.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import vn.election.model.json.Json;

/**
 * JSON codec for {@link AlertRule}: one rule as an object ({@code rule_id, kind, scope_unit,
 * scope_level, severity, pending_minutes, recovery_minutes, threshold, at, enabled, description}) on
 * {@code turnout.alert-rules}, and a rules file as a JSON array of them; every error names the rule's
 * place and the field.
 */
public final class AlertRuleCodec {

    private static final Set<String> SEVERITIES = Set.of("info", "warning", "critical");
    private static final Set<String> FIELDS = Set.of("rule_id", "kind", "scope_unit", "scope_level", "severity",
            "pending_minutes", "recovery_minutes", "threshold", "at", "enabled", "description");
    private static final Pattern RULE_ID = Pattern.compile("[A-Za-z0-9._-]{1,80}");
    private static final String BUNDLED = "rules/default-rules.json";

    private AlertRuleCodec() {
    }

    public static ObjectNode toNode(AlertRule r) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("rule_id", r.ruleId());
        o.put("kind", r.kind());
        o.put("scope_unit", r.scopeUnit());
        o.put("scope_level", r.scopeLevel());
        o.put("severity", r.severity());
        o.put("pending_minutes", r.pendingMinutes());
        o.put("recovery_minutes", r.recoveryMinutes());
        o.put("threshold", r.threshold());
        o.put("at", r.at());
        o.put("enabled", r.enabled());
        o.put("description", r.description());
        return o;
    }

    public static byte[] encode(AlertRule r) {
        return toNode(r).toString().getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] encodeAll(List<AlertRule> rules) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        rules.forEach(r -> a.add(toNode(r)));
        return a.toPrettyString().getBytes(StandardCharsets.UTF_8);
    }

    /** Decodes one rule; throws {@link IllegalArgumentException} naming the field on bad input. */
    public static AlertRule decode(byte[] json) {
        return fromNode(parse(json), "rule");
    }

    /** Decodes a rules file (a JSON array); rule ids must be unique. */
    public static List<AlertRule> decodeAll(byte[] json) {
        JsonNode n = parse(json);
        if (!n.isArray()) {
            throw new IllegalArgumentException("a rules file is a JSON array of rules");
        }
        List<AlertRule> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < n.size(); i++) {
            AlertRule r = fromNode(n.get(i), "rule " + (i + 1));
            if (!ids.add(r.ruleId())) {
                throw new IllegalArgumentException("rule " + (i + 1) + ": rule_id '" + r.ruleId() + "' is used twice");
            }
            out.add(r);
        }
        return List.copyOf(out);
    }

    /** The rules the job starts with when given none: one per anomaly kind, as the detectors always alerted. */
    public static List<AlertRule> bundledDefaults() {
        try (InputStream in = AlertRuleCodec.class.getClassLoader().getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new IllegalStateException("bundled rules " + BUNDLED + " are missing from the jar");
            }
            return decodeAll(in.readAllBytes());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read bundled rules " + BUNDLED, e);
        }
    }

    private static JsonNode parse(byte[] json) {
        if (json == null || json.length == 0) {
            throw new IllegalArgumentException("empty alert rule");
        }
        try {
            JsonNode n = Json.MAPPER.readTree(json);
            if (n == null) {
                throw new IllegalArgumentException("empty alert rule");
            }
            return n;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("malformed alert rule JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed alert rule JSON: " + e.getMessage());
        }
    }

    private static AlertRule fromNode(JsonNode n, String where) {
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException(where + " is not a JSON object");
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw new IllegalArgumentException(where + ": unknown field '" + f + "' (known: " + String.join(", ",
                        new java.util.TreeSet<>(FIELDS)) + ")");
            }
        }
        String id = text(n, "rule_id", where, true);
        if (!RULE_ID.matcher(id).matches()) {
            throw new IllegalArgumentException(where + ": rule_id must be 1 to 80 letters, digits, '.', '_' or '-'");
        }
        String at = where + " (" + id + ")";
        String kind = text(n, "kind", at, true).toUpperCase(Locale.ROOT);
        AnomalyKind k;
        try {
            k = AnomalyKind.valueOf(kind);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(at + ": kind must be one of " + java.util.Arrays.toString(AnomalyKind.values())
                    + ", got '" + kind + "'");
        }
        String severity = text(n, "severity", at, true).toLowerCase(Locale.ROOT);
        if (!SEVERITIES.contains(severity)) {
            throw new IllegalArgumentException(at + ": severity must be info, warning or critical, got '" + severity + "'");
        }
        long pendingMinutes = minutes(n, "pending_minutes", at);
        long recoveryMinutes = minutes(n, "recovery_minutes", at);
        JsonNode t = n.get("threshold");
        BigDecimal threshold = null;
        if (t != null && !t.isNull()) {
            if (!t.isNumber() || t.decimalValue().signum() < 0) {
                throw new IllegalArgumentException(at + ": threshold must be a number of 0 or more");
            }
            threshold = t.decimalValue();
        }
        String time = text(n, "at", at, false);
        if (time != null) {
            try {
                time = LocalTime.parse(time).toString();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(at + ": at must be a time of day HH:mm, got '" + time + "'");
            }
        }
        if (k == AnomalyKind.TURNOUT_BELOW) {
            if (threshold == null || threshold.compareTo(BigDecimal.valueOf(100)) > 0 || time == null) {
                throw new IllegalArgumentException(at + ": a TURNOUT_BELOW rule needs at (HH:mm) and a threshold"
                        + " percentage from 0 to 100");
            }
        } else if (k == AnomalyKind.SILENT_STATION) {
            if (threshold != null && (threshold.signum() <= 0 || threshold.stripTrailingZeros().scale() > 0)) {
                throw new IllegalArgumentException(at + ": a SILENT_STATION threshold is whole minutes above 0");
            }
        } else if (threshold != null || time != null) {
            throw new IllegalArgumentException(at + ": threshold and at belong to SILENT_STATION and TURNOUT_BELOW"
                    + " rules only; the detector's own threshold applies to " + kind);
        }
        JsonNode enabled = n.get("enabled");
        if (enabled != null && !enabled.isNull() && !enabled.isBoolean()) {
            throw new IllegalArgumentException(at + ": enabled must be true or false");
        }
        return new AlertRule(id, kind, text(n, "scope_unit", at, false), text(n, "scope_level", at, false), severity,
                pendingMinutes, threshold, time, enabled == null || enabled.isNull() || enabled.booleanValue(),
                text(n, "description", at, false), recoveryMinutes);
    }

    /** A period in whole minutes from 0 to a day; absent or null is 0. */
    private static long minutes(JsonNode n, String field, String where) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return 0;
        }
        if (!v.canConvertToLong() || !v.isIntegralNumber() || v.longValue() < 0 || v.longValue() > 24 * 60) {
            throw new IllegalArgumentException(where + ": " + field + " must be a whole number of minutes from 0 to 1440");
        }
        return v.longValue();
    }

    private static String text(JsonNode n, String field, String where, boolean required) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull() || (v.isTextual() && v.textValue().isBlank())) {
            if (required) {
                throw new IllegalArgumentException(where + ": " + field + " is missing");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException(where + ": " + field + " must be text");
        }
        if (v.textValue().length() > 300) {
            throw new IllegalArgumentException(where + ": " + field + " is longer than 300 characters");
        }
        return v.textValue().strip();
    }
}
