package vn.election.jobs.functions.rules;

import java.math.BigDecimal;
import vn.election.jobs.records.Finding;

/**
 * One rule's episode over one finding, as kept in keyed state: what the rule said when the finding came
 * (so a later rule change does not rewrite a running episode), the finding, and where the episode is.
 *
 * @param startedAt the episode's start as its alerts write it (its id is made from it): the first finding's
 *                  start, kept when a later finding brings a recovering episode back to firing
 * @param finding the finding the episode is about now; while {@link #RECOVERING}, its resolution (when and
 *                with what the condition cleared)
 * @param phase {@link #WAITING} (nothing said yet), {@link #PENDING}, {@link #FIRING} or {@link #RECOVERING}
 * @param conditionAtMillis event time the rule's condition holds from
 * @param fireAtMillis event time the episode fires at: the condition plus the pending period
 * @param recoveryMillis the rule's recovery period: how long a cleared firing episode waits before it resolves
 */
public record RuleEpisode(String ruleId, String severity, BigDecimal threshold, boolean silence, String startedAt,
                          Finding finding, int phase, long conditionAtMillis, long fireAtMillis, long recoveryMillis) {

    public static final int WAITING = 0;
    public static final int PENDING = 1;
    public static final int FIRING = 2;
    public static final int RECOVERING = 3;

    RuleEpisode inPhase(int value) {
        return new RuleEpisode(ruleId, severity, threshold, silence, startedAt, finding, value, conditionAtMillis,
                fireAtMillis, recoveryMillis);
    }

    RuleEpisode withFinding(Finding value) {
        return new RuleEpisode(ruleId, severity, threshold, silence, startedAt, value, phase, conditionAtMillis,
                fireAtMillis, recoveryMillis);
    }

    /** This firing episode, its condition cleared as {@code end} says: recovering until the recovery period ends. */
    RuleEpisode recovering(Finding end) {
        return new RuleEpisode(ruleId, severity, threshold, silence, startedAt, end, RECOVERING, conditionAtMillis,
                fireAtMillis, recoveryMillis);
    }

    /** This recovering episode firing again over {@code back}, a new finding of the same condition. */
    RuleEpisode returned(Finding back, long conditionAt) {
        return new RuleEpisode(ruleId, severity, threshold, silence, startedAt, back, FIRING, conditionAt, conditionAt,
                recoveryMillis);
    }

    /**
     * Whether {@code next}, a new finding at this unit, is this recovering episode's condition returning: the same
     * rule over the same detector's finding, started by the end of the recovery period.
     */
    boolean returnsWith(RuleEpisode next) {
        return phase == RECOVERING && ruleId.equals(next.ruleId) && finding.ruleId().equals(next.finding.ruleId())
                && next.finding.startedMillis() <= recoveredAtMillis();
    }

    /** When a recovering episode resolves: its condition cleared plus the recovery period. */
    long recoveredAtMillis() {
        return finding.endedMillis() + recoveryMillis;
    }

    /** The next event time this episode moves at, or {@link Long#MAX_VALUE} while it fires. */
    long nextDueMillis() {
        return switch (phase) {
            case WAITING -> conditionAtMillis;
            case PENDING -> fireAtMillis;
            case RECOVERING -> recoveredAtMillis();
            default -> Long.MAX_VALUE;
        };
    }
}
