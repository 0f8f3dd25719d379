package vn.election.jobs.functions.rules;

import java.math.BigDecimal;
import vn.election.jobs.records.Finding;

/**
 * One rule's episode over one finding, as kept in keyed state: what the rule said when the finding came
 * (so a later rule change does not rewrite a running episode), the finding, and where the episode is.
 *
 * @param phase {@link #WAITING} (nothing said yet), {@link #PENDING} or {@link #FIRING}
 * @param conditionAtMillis event time the rule's condition holds from
 * @param fireAtMillis event time the episode fires at: the condition plus the pending period
 */
public record RuleEpisode(String ruleId, String severity, BigDecimal threshold, boolean silence, Finding finding,
                          int phase, long conditionAtMillis, long fireAtMillis) {

    public static final int WAITING = 0;
    public static final int PENDING = 1;
    public static final int FIRING = 2;

    RuleEpisode inPhase(int value) {
        return new RuleEpisode(ruleId, severity, threshold, silence, finding, value, conditionAtMillis, fireAtMillis);
    }

    RuleEpisode withFinding(Finding value) {
        return new RuleEpisode(ruleId, severity, threshold, silence, value, phase, conditionAtMillis, fireAtMillis);
    }

    /** The next event time this episode moves at, or {@link Long#MAX_VALUE} once it fires. */
    long nextDueMillis() {
        return phase == WAITING ? conditionAtMillis : phase == PENDING ? fireAtMillis : Long.MAX_VALUE;
    }
}
