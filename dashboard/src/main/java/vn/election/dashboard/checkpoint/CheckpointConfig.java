package vn.election.dashboard.checkpoint;

import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * When every unit's figures are frozen: local times of the election day in the dashboard's zone (the last, 19:00,
 * is the polls' close) and the grace of data time after each, so late readings of that moment are in.
 *
 * @param times the checkpoints, ascending, distinct (default 09:00, 11:00, 13:00, 15:00, 17:00, 19:00)
 * @param grace how far past a checkpoint the data clock must be before it is frozen (default 10 minutes)
 */
public record CheckpointConfig(List<LocalTime> times, Duration grace) {

    public static final String DEFAULT_TIMES = "09:00,11:00,13:00,15:00,17:00,19:00";
    public static final Duration DEFAULT_GRACE = Duration.ofMinutes(10);
    /** Enough for a checkpoint every hour of a long day; bounds the store (units × checkpoints). */
    static final int MAX_TIMES = 24;

    public static final Map<String, String> ENV = Map.of(
            "times", "DASHBOARD_CHECKPOINTS",
            "grace", "DASHBOARD_CHECKPOINT_GRACE_MINUTES");

    public CheckpointConfig {
        if (times == null || times.isEmpty() || times.size() > MAX_TIMES) {
            throw invalid("times", "1 to " + MAX_TIMES + " local times HH:mm", times);
        }
        for (int i = 1; i < times.size(); i++) {
            if (!times.get(i - 1).isBefore(times.get(i))) {
                throw invalid("times", "times in ascending order, each once", times);
            }
        }
        for (LocalTime t : times) {
            if (t.getSecond() != 0 || t.getNano() != 0) {
                throw invalid("times", "whole minutes HH:mm", t);
            }
        }
        times = List.copyOf(times);
        if (grace == null || grace.isNegative() || grace.compareTo(Duration.ofHours(3)) > 0) {
            throw invalid("grace", "0 to 180 minutes", grace);
        }
    }

    public static CheckpointConfig defaults() {
        return new CheckpointConfig(parseTimes(DEFAULT_TIMES), DEFAULT_GRACE);
    }

    /** Reads {@code DASHBOARD_CHECKPOINTS} and {@code DASHBOARD_CHECKPOINT_GRACE_MINUTES}; a bad one is refused naming it. */
    public static CheckpointConfig fromEnv(Map<String, String> env) {
        String times = env.get(ENV.get("times"));
        String grace = env.get(ENV.get("grace"));
        return new CheckpointConfig(blank(times) ? parseTimes(DEFAULT_TIMES) : parseTimes(times),
                blank(grace) ? DEFAULT_GRACE : Duration.ofMinutes(minutes(grace)));
    }

    /** {@code 09:00,11:00,...}; {@code close} stands for 19:00, when the polls close. */
    public static List<LocalTime> parseTimes(String raw) {
        List<LocalTime> out = new ArrayList<>();
        for (String part : raw.split(",", -1)) {
            String p = part.strip();
            try {
                out.add(p.equalsIgnoreCase("close") ? LocalTime.of(19, 0) : LocalTime.parse(p.indexOf(':') == 1 ? "0" + p : p));
            } catch (DateTimeParseException e) {
                throw invalid("times", "local times HH:mm separated by commas, such as " + DEFAULT_TIMES, raw);
            }
        }
        return out;
    }

    /** Which configured checkpoint a time of day is, or -1. */
    public int indexOf(LocalTime time) {
        return times.indexOf(time);
    }

    private static long minutes(String raw) {
        try {
            return Long.parseLong(raw.strip());
        } catch (NumberFormatException e) {
            throw invalid("grace", "a whole number of minutes", raw);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static IllegalArgumentException invalid(String key, String expected, Object got) {
        String shown = got == null ? "nothing" : "'" + (String.valueOf(got).length() > 200 ? String.valueOf(got).substring(0, 200) + "..." : got) + "'";
        return new IllegalArgumentException("dashboard config checkpoints." + key + " (env " + ENV.get(key) + "): expected "
                + expected + ", got " + shown);
    }
}
