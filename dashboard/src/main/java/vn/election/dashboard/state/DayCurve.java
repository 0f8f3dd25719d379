package vn.election.dashboard.state;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.math.BigDecimal;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import vn.election.model.json.Json;

/**
 * A turnout curve over the local time of day (the target, or a previous election): points of
 * (time, percentage) in time order, which the page draws against a unit's actual curve.
 */
public record DayCurve(Map<LocalTime, BigDecimal> points) {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    public DayCurve {
        points = java.util.Collections.unmodifiableMap(new TreeMap<>(points));
    }

    /**
     * Parses {@code 09:00=35,11:00=60,...}; throws {@link IllegalArgumentException} naming the bad entry
     * (a time that is not HH:mm, a percentage outside 0..100, a time given twice).
     */
    public static DayCurve parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("a curve needs at least one HH:mm=percent point");
        }
        Map<LocalTime, BigDecimal> points = new TreeMap<>();
        for (String entry : spec.split(",")) {
            String[] parts = entry.strip().split("=", -1);
            if (parts.length != 2) {
                throw new IllegalArgumentException("curve point '" + entry.strip() + "' is not HH:mm=percent");
            }
            LocalTime time = time(parts[0].strip(), entry);
            if (points.put(time, pct(parts[1].strip(), entry)) != null) {
                throw new IllegalArgumentException("curve point " + time + " is given twice");
            }
        }
        return new DayCurve(points);
    }

    static LocalTime time(String text, String where) {
        try {
            return LocalTime.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' in '" + where + "' is not a time of day HH:mm");
        }
    }

    static BigDecimal pct(String text, String where) {
        BigDecimal v;
        try {
            v = new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' in '" + where + "' is not a percentage");
        }
        if (v.signum() < 0 || v.compareTo(HUNDRED) > 0) {
            throw new IllegalArgumentException("'" + text + "' in '" + where + "' is outside 0..100");
        }
        return v;
    }

    /** {@code [{"time":"09:00","turnout_pct":35}, ...]} in time order. */
    public ArrayNode toJson() {
        ArrayNode a = Json.MAPPER.createArrayNode();
        points.forEach((t, pct) -> a.addObject().put("time", t.toString()).put("turnout_pct", pct));
        return a;
    }

    List<LocalTime> times() {
        return new ArrayList<>(points.keySet());
    }
}
