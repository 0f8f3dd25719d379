package vn.election.model.alert;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * One alert rule, as data: which findings of {@code kind} become alerts, where (a unit's subtree and/or
 * a level), with which severity, after how long a pending period and with how long a recovery period. Fields are plain values so the
 * Flink job can keep rules in broadcast state.
 *
 * @param kind an {@link AnomalyKind} name
 * @param scopeUnit only findings at this unit or below it; null for everywhere
 * @param scopeLevel only findings at units of this level; null for every level
 * @param severity {@code info}, {@code warning} or {@code critical}
 * @param pendingMinutes how long the condition must hold before the alert fires (0 = at once); meanwhile
 *                       the episode is {@code pending}
 * @param threshold for {@code SILENT_STATION} the minutes of silence, for {@code TURNOUT_BELOW} the
 *                  percentage; null otherwise (the detector's own threshold applies)
 * @param at for {@code TURNOUT_BELOW}: the local time of day the turnout is judged at ({@code HH:mm})
 * @param enabled a disabled rule makes no alerts and resolves its open ones
 * @param recoveryMinutes how long a firing episode whose condition cleared stays {@code recovering} before it
 *                        resolves (0 = resolves at once); if the condition returns meanwhile it fires again
 *                        as the same episode
 */
public record AlertRule(String ruleId, String kind, String scopeUnit, String scopeLevel, String severity,
                        long pendingMinutes, BigDecimal threshold, String at, boolean enabled, String description,
                        long recoveryMinutes)
        implements Serializable {

    public AlertRule {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(severity, "severity");
    }

    /** A rule without a recovery period: its episodes resolve as soon as their condition clears. */
    public AlertRule(String ruleId, String kind, String scopeUnit, String scopeLevel, String severity,
                     long pendingMinutes, BigDecimal threshold, String at, boolean enabled, String description) {
        this(ruleId, kind, scopeUnit, scopeLevel, severity, pendingMinutes, threshold, at, enabled, description, 0);
    }

    /** The same rule with another severity; for tests and run-time changes. */
    public AlertRule withSeverity(String value) {
        return new AlertRule(ruleId, kind, scopeUnit, scopeLevel, value, pendingMinutes, threshold, at, enabled, description,
                recoveryMinutes);
    }

    public AlertRule withEnabled(boolean value) {
        return new AlertRule(ruleId, kind, scopeUnit, scopeLevel, severity, pendingMinutes, threshold, at, value, description,
                recoveryMinutes);
    }

    public AlertRule withRecoveryMinutes(long value) {
        return new AlertRule(ruleId, kind, scopeUnit, scopeLevel, severity, pendingMinutes, threshold, at, enabled,
                description, value);
    }
}
