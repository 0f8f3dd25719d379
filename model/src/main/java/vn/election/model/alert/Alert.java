package vn.election.model.alert;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One notification of an alert episode, as docs/contract.md's alert: a rule found {@code kind} at a unit,
 * firing from {@code startedAt} (perhaps recovering a while), resolved at {@code endedAt}. Every notification of
 * one episode carries the same {@code alertId}, so consumers deduplicate.
 *
 * @param value what was measured (a count, a percentage, minutes of silence, a score)
 * @param threshold what it was compared with
 * @param message the alert in English
 * @param messageVi the same in Vietnamese, or null (alerts written before it existed)
 */
public record Alert(String alertId, String ruleId, String kind, String unitId, String level, String severity,
                    State state, BigDecimal value, BigDecimal threshold, String startedAt, String endedAt,
                    String message, String messageVi) {

    /**
     * Where an episode is in its life: {@code RECOVERING} is a firing episode whose condition cleared, waiting out
     * its rule's recovery period before it resolves (it fires again, same id, if the condition returns meanwhile).
     */
    public enum State {
        PENDING, FIRING, RECOVERING, RESOLVED;

        public String wire() {
            return name().toLowerCase();
        }
    }

    public Alert {
        Objects.requireNonNull(alertId, "alertId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(unitId, "unitId");
        Objects.requireNonNull(state, "state");
    }

    /** An alert with an English message only. */
    public Alert(String alertId, String ruleId, String kind, String unitId, String level, String severity,
                 State state, BigDecimal value, BigDecimal threshold, String startedAt, String endedAt, String message) {
        this(alertId, ruleId, kind, unitId, level, severity, state, value, threshold, startedAt, endedAt, message, null);
    }

    /**
     * The id of the episode of {@code ruleId} at {@code unitId} that started at {@code startedAt}: the
     * same inputs give the same id on every replay, restart or instance.
     */
    public static String episodeId(String ruleId, String unitId, String startedAt) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((ruleId + '\u0000' + unitId + '\u0000' + startedAt).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** This episode, resolved at {@code at} with a last measured value and why, in English only. */
    public Alert resolved(String at, BigDecimal lastValue, String why) {
        return new Alert(alertId, ruleId, kind, unitId, level, severity, State.RESOLVED, lastValue, threshold, startedAt,
                at, why, null);
    }
}
