package vn.election.jobs.records;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * What a detector found at a unit, as measured values only: an episode that started at {@code startedMillis}
 * (found), then its end (resolved). The alert stage decides from it whether to alert, and writes the alert's
 * id, state and messages; nothing here is text for people.
 *
 * @param ruleId the detector's own rule (or, for a TURNOUT_BELOW finding, the rule that judged it)
 * @param level the unit's level
 * @param startedMillis when the episode started (epoch millis) ...
 * @param offsetSeconds ... and the reporter's UTC offset then, so its local time is the reporter's
 * @param endedMillis when a resolved episode ended, or {@link #OPEN} while found
 * @param endedOffsetSeconds the reporter's offset at the end (0 while found)
 * @param value what was measured (a count, a percentage, minutes of silence, a rate, a score)
 * @param threshold what it was compared with
 * @param figures the kind's other figures, for the message
 */
public record Finding(String ruleId, String kind, String unitId, String level, Phase phase, long startedMillis,
                      int offsetSeconds, long endedMillis, int endedOffsetSeconds, BigDecimal value,
                      BigDecimal threshold, Figures figures) {

    /** {@code endedMillis} of an episode still open. */
    public static final long OPEN = Long.MIN_VALUE;

    /** Found (the episode is open) or resolved (it ended). */
    public enum Phase {
        FOUND, RESOLVED
    }

    /**
     * The kind-specific figures of a finding; what a kind does not use is 0, null or false.
     *
     * @param source the reading source (SURGE, COUNTER_DECREASE)
     * @param count voters: the area's count (OVER_100_PERCENT, SILENT_STATION, JUMP_TO_100_BEFORE_CHECKPOINT),
     *              the source's (COUNTER_DECREASE), or those added in the span (SURGE)
     * @param before the count before: the source's previous count (COUNTER_DECREASE, the level that ends the
     *               episode) or the area's before the jump (JUMP_TO_100_BEFORE_CHECKPOINT)
     * @param earlier the source's count before that (COUNTER_DECREASE)
     * @param list the area's list
     * @param minutes the span of a rate (SURGE)
     * @param checkpointMillis the checkpoint a jump came before (JUMP_TO_100_BEFORE_CHECKPOINT)
     * @param turnoutPct the unit's turnout, percent (LAGGING_PEERS)
     * @param gapPoints its gap to the siblings' median, percentage points (LAGGING_PEERS)
     * @param peers how many siblings were compared (LAGGING_PEERS)
     * @param heldBack a silence ended by readings that had been held back on the way (SILENT_STATION resolved)
     */
    public record Figures(String source, long count, long before, long earlier, long list, long minutes,
                          long checkpointMillis, BigDecimal turnoutPct, BigDecimal gapPoints, int peers,
                          boolean heldBack) {

        public static final Figures NONE = new Figures(null, 0, 0, 0, 0, 0, 0, null, null, 0, false);

        /** An area's count against its list. */
        public static Figures area(long voted, long list) {
            return new Figures(null, voted, 0, 0, list, 0, 0, null, null, 0, false);
        }

        /** A source's count, the one before it and the one before that. */
        public static Figures source(String source, long count, long before, long earlier) {
            return new Figures(source, count, before, earlier, 0, 0, 0, null, null, 0, false);
        }

        /** Voters a source added over {@code minutes}, at an area with a list of {@code list}. */
        public static Figures rate(String source, long added, long minutes, long list) {
            return new Figures(source, added, 0, 0, list, minutes, 0, null, null, 0, false);
        }

        /** An area's jump from {@code before} to {@code voted} of {@code list}, before a checkpoint. */
        public static Figures jump(long before, long voted, long list, long checkpointMillis) {
            return new Figures(null, voted, before, 0, list, 0, checkpointMillis, null, null, 0, false);
        }

        /** A unit's turnout against its siblings'. */
        public static Figures peers(BigDecimal turnoutPct, BigDecimal gapPoints, int peers) {
            return new Figures(null, 0, 0, 0, 0, 0, 0, turnoutPct, gapPoints, peers, false);
        }

        /** How a silence ended: held back on the way, or the area reported again. */
        public static Figures silenceEnded(boolean heldBack) {
            return new Figures(null, 0, 0, 0, 0, 0, 0, null, null, 0, heldBack);
        }
    }

    /** A new episode, found. */
    public static Finding found(String ruleId, String kind, String unitId, String level, long startedMillis,
                                int offsetSeconds, BigDecimal value, BigDecimal threshold, Figures figures) {
        return new Finding(ruleId, kind, unitId, level, Phase.FOUND, startedMillis, offsetSeconds, OPEN, 0, value,
                threshold, figures);
    }

    /** This episode, ended at {@code endedMillis} with what was measured then. */
    public Finding resolved(long endedAt, int endedOffset, BigDecimal lastValue, BigDecimal lastThreshold,
                            Figures lastFigures) {
        return new Finding(ruleId, kind, unitId, level, Phase.RESOLVED, startedMillis, offsetSeconds, endedAt,
                endedOffset, lastValue, lastThreshold, lastFigures);
    }

    public boolean isResolved() {
        return phase == Phase.RESOLVED;
    }

    /** Whether {@code other} is a notification of the same episode (same rule, unit and start). */
    public boolean sameEpisode(Finding other) {
        return ruleId.equals(other.ruleId) && unitId.equals(other.unitId) && startedMillis == other.startedMillis
                && offsetSeconds == other.offsetSeconds;
    }

    /**
     * The start as the contract writes it, ISO-8601 with the reporter's offset and seconds always written
     * ({@code 2021-05-23T09:15:00+07:00}): alert ids are made from this text, so it never changes form.
     */
    public String startedAt() {
        return iso(startedMillis, offsetSeconds);
    }

    /** The end in the same form, or null while open. */
    public String endedAt() {
        return endedMillis == OPEN ? null : iso(endedMillis, endedOffsetSeconds);
    }

    private static String iso(long millis, int offsetSeconds) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                Instant.ofEpochMilli(millis).atOffset(ZoneOffset.ofTotalSeconds(offsetSeconds)));
    }
}
