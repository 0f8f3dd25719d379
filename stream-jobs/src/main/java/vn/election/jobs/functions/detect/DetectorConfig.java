package vn.election.jobs.functions.detect;

import java.io.Serializable;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Settings of the station-level anomaly detectors, each with a documented default ({@link #defaults()})
 * and checked when built: a bad value fails with the key's name and what was expected.
 *
 * @param leafLevel level name put on every alert (the registry's leaf level; default {@code polling_area})
 * @param pollsOpenLocal local time polls open (default 07:00); silence only counts from here ...
 * @param pollsCloseLocal ... to here (default 19:00): a station that closed is not silent
 * @param silenceThreshold a station with no reading for this long while polls are open is silent (default 120 min)
 * @param silenceCompletePercent a station that has counted at least this share of its list is not expected to
 *                               report any more, so its quiet is not silence (default 95%)
 * @param surgeCapacityPerMinute voters a polling area can process per minute, whatever its list (default 5) ...
 * @param surgeListPercentPerMinute ... or this percentage of its list per minute, whichever is more (default
 *                                  1.5%, the whole list in 67 minutes: a normal area peaks at about 1%, an
 *                                  injected surge counts 2% or more); see {@link SurgeDetector}
 * @param surgeMinJump a surge must add at least this many voters (default 50)
 * @param surgeWindow a rate is measured from the latest reading at least this old (default 10 min)
 * @param surgeMinSpan rates are divided by at least this span, so readings a few seconds apart do not
 *                     make huge rates out of small steps (default 5 min)
 * @param decreaseToleranceVoters a counter may go down this many voters without an alert ...
 * @param decreaseTolerancePercent ... or this percentage of its earlier count, whichever is more (defaults 2 and 1%)
 * @param checkpointHoursLocal local hours at which turnout is published (default 9, 11, 13, 15, 17)
 * @param jumpWindow how long before a checkpoint a jump to 100% is suspicious (default 15 min)
 * @param jumpMinPoints ... when it adds at least this many percentage points of the list (default 6)
 * @param jumpMaxGap ... since a previous reading at most this old (default 60 min); after a longer gap the
 *                   voters may have come at any time
 */
public record DetectorConfig(String leafLevel, LocalTime pollsOpenLocal, LocalTime pollsCloseLocal,
                             Duration silenceThreshold, double silenceCompletePercent,
                             double surgeCapacityPerMinute, double surgeListPercentPerMinute, long surgeMinJump,
                             Duration surgeWindow, Duration surgeMinSpan,
                             long decreaseToleranceVoters, double decreaseTolerancePercent,
                             List<Integer> checkpointHoursLocal, Duration jumpWindow, double jumpMinPoints,
                             Duration jumpMaxGap)
        implements Serializable {

    public DetectorConfig {
        require(leafLevel != null && !leafLevel.isBlank(), "leaf-level", "a level name", leafLevel);
        Objects.requireNonNull(pollsOpenLocal, "polls-open");
        Objects.requireNonNull(pollsCloseLocal, "polls-close");
        require(pollsOpenLocal.isBefore(pollsCloseLocal), "polls-open",
                "a local time before polls-close " + pollsCloseLocal, pollsOpenLocal);
        requirePositive(silenceThreshold, "silence-threshold");
        require(silenceCompletePercent > 0 && silenceCompletePercent <= 100, "silence-complete-percent",
                "a percentage in (0, 100]", silenceCompletePercent);
        require(surgeCapacityPerMinute > 0, "surge-capacity-per-minute", "a positive rate", surgeCapacityPerMinute);
        require(surgeListPercentPerMinute >= 0 && surgeListPercentPerMinute <= 100, "surge-list-percent-per-minute",
                "a percentage in [0, 100]", surgeListPercentPerMinute);
        require(surgeMinJump >= 1, "surge-min-jump", "at least 1 voter", surgeMinJump);
        requirePositive(surgeWindow, "surge-window");
        requirePositive(surgeMinSpan, "surge-min-span");
        require(decreaseToleranceVoters >= 0, "decrease-tolerance-voters", "0 or more", decreaseToleranceVoters);
        require(decreaseTolerancePercent >= 0 && decreaseTolerancePercent < 100, "decrease-tolerance-percent",
                "a percentage in [0, 100)", decreaseTolerancePercent);
        Objects.requireNonNull(checkpointHoursLocal, "checkpoint-hours");
        checkpointHoursLocal = List.copyOf(checkpointHoursLocal);
        for (int i = 0; i < checkpointHoursLocal.size(); i++) {
            int h = checkpointHoursLocal.get(i);
            require(h >= 0 && h <= 23 && (i == 0 || h > checkpointHoursLocal.get(i - 1)), "checkpoint-hours",
                    "rising hours of the day, 0 to 23", checkpointHoursLocal);
        }
        requirePositive(jumpWindow, "jump-window");
        require(jumpWindow.compareTo(Duration.ofHours(1)) <= 0, "jump-window", "at most 1 hour", jumpWindow);
        require(jumpMinPoints > 0 && jumpMinPoints <= 100, "jump-min-points", "percentage points in (0, 100]",
                jumpMinPoints);
        requirePositive(jumpMaxGap, "jump-max-gap");
    }

    /** The defaults documented on each setting. */
    public static DetectorConfig defaults() {
        return new DetectorConfig("polling_area", LocalTime.of(7, 0), LocalTime.of(19, 0), Duration.ofMinutes(120), 95,
                5, 1.5, 50, Duration.ofMinutes(10), Duration.ofMinutes(5), 2, 1, List.of(9, 11, 13, 15, 17),
                Duration.ofMinutes(15), 6, Duration.ofMinutes(60));
    }

    /** These settings with the leaf level's name taken from the registry. */
    public DetectorConfig withLeafLevel(String level) {
        return new DetectorConfig(level, pollsOpenLocal, pollsCloseLocal, silenceThreshold, silenceCompletePercent,
                surgeCapacityPerMinute, surgeListPercentPerMinute, surgeMinJump, surgeWindow, surgeMinSpan,
                decreaseToleranceVoters, decreaseTolerancePercent, checkpointHoursLocal, jumpWindow, jumpMinPoints, jumpMaxGap);
    }

    /**
     * Reads settings from named parameters ({@code silence-threshold 90m}, {@code checkpoint-hours 9,11,14},
     * ...); a key that is absent keeps its default, other keys are ignored.
     */
    public static DetectorConfig fromArgs(Map<String, String> args) {
        DetectorConfig d = defaults();
        return new DetectorConfig(
                args.getOrDefault("leaf-level", d.leafLevel),
                get(args, "polls-open", LocalTime::parse, d.pollsOpenLocal, "a local time like 07:00"),
                get(args, "polls-close", LocalTime::parse, d.pollsCloseLocal, "a local time like 19:00"),
                get(args, "silence-threshold", DetectorConfig::duration, d.silenceThreshold, "a duration like 120m"),
                get(args, "silence-complete-percent", Double::parseDouble, d.silenceCompletePercent, "a number"),
                get(args, "surge-capacity-per-minute", Double::parseDouble, d.surgeCapacityPerMinute, "a number"),
                get(args, "surge-list-percent-per-minute", Double::parseDouble, d.surgeListPercentPerMinute, "a number"),
                get(args, "surge-min-jump", Long::parseLong, d.surgeMinJump, "a whole number"),
                get(args, "surge-window", DetectorConfig::duration, d.surgeWindow, "a duration like 10m"),
                get(args, "surge-min-span", DetectorConfig::duration, d.surgeMinSpan, "a duration like 5m"),
                get(args, "decrease-tolerance-voters", Long::parseLong, d.decreaseToleranceVoters, "a whole number"),
                get(args, "decrease-tolerance-percent", Double::parseDouble, d.decreaseTolerancePercent, "a number"),
                get(args, "checkpoint-hours", DetectorConfig::hours, d.checkpointHoursLocal, "hours like 9,11,13,15,17"),
                get(args, "jump-window", DetectorConfig::duration, d.jumpWindow, "a duration like 15m"),
                get(args, "jump-min-points", Double::parseDouble, d.jumpMinPoints, "a number"),
                get(args, "jump-max-gap", DetectorConfig::duration, d.jumpMaxGap, "a duration like 60m"));
    }

    /** A polling area's processing capacity in voters per minute: the floor, or its share of the list. */
    public double surgeCapacityFor(long registered) {
        return Math.max(surgeCapacityPerMinute, surgeListPercentPerMinute / 100.0 * Math.max(0, registered));
    }

    /** How far a count of {@code earlier} voters may go down without an alert. */
    public long decreaseToleranceFor(long earlier) {
        return Math.max(decreaseToleranceVoters, (long) Math.floor(earlier * decreaseTolerancePercent / 100.0));
    }

    private static <T> T get(Map<String, String> args, String key, Function<String, T> parse, T fallback,
                             String expected) {
        String v = args.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return parse.apply(v.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("detector setting " + key + ": expected " + expected + ", got " + v);
        }
    }

    private static Duration duration(String v) {
        try {
            return Duration.parse(v.startsWith("P") ? v : "PT" + v.toUpperCase());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static List<Integer> hours(String v) {
        List<Integer> out = new ArrayList<>();
        for (String part : v.split(",")) {
            if (!part.isBlank()) {
                out.add(Integer.parseInt(part.trim()));
            }
        }
        return out;
    }

    private static void requirePositive(Duration d, String key) {
        Objects.requireNonNull(d, key);
        require(!d.isNegative() && !d.isZero(), key, "a positive duration", d);
    }

    private static void require(boolean ok, String key, String expected, Object got) {
        if (!ok) {
            throw new IllegalArgumentException("detector setting " + key + ": expected " + expected + ", got " + got);
        }
    }
}
