package vn.election.model.alert;

import java.time.Instant;
import java.util.Objects;
import vn.election.model.registry.Registry;

/**
 * An operator's time-boxed mute of alerts, shared through {@code turnout.alert-silences}: which alerts (a unit and its
 * subtree, a level, a kind; every matcher given must match, at least one), from when to when, why, who set it and,
 * when it was ended early, who ended it and when.
 *
 * @param startsAt null for "in force from its creation"
 * @param signedIn whether the names were those of signed-in users (false: typed on an open instance)
 */
public record AlertSilence(String id, String unitId, String level, String kind, Instant startsAt, Instant endsAt,
                           String comment, String createdBy, Instant createdAt, boolean signedIn,
                           String expiredBy, Instant expiredAt) {

    /** Longest id kept (the dashboard makes UUIDs; a longer one is not a record of ours). */
    public static final int MAX_ID = 64;
    /** Longest comment; a longer one is refused at the API. */
    public static final int MAX_COMMENT = 200;
    /** Longest name of who set or ended it, as an acknowledgement's. */
    public static final int MAX_BY = AlertAck.MAX_BY;

    public AlertSilence {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(createdAt, "createdAt");
        checkShape(id, unitId, level, kind, startsAt, endsAt);
        createdBy = createdBy == null || createdBy.isBlank() ? null : createdBy.strip();
        expiredBy = expiredBy == null || expiredBy.isBlank() ? null : expiredBy.strip();
    }

    /** When it stops muting: its end, or the moment it was ended early. */
    public Instant endedAt() {
        return expiredAt != null && expiredAt.isBefore(endsAt) ? expiredAt : endsAt;
    }

    /** True when it is in force at {@code now}. */
    public boolean activeAt(Instant now) {
        return (startsAt == null || !now.isBefore(startsAt)) && now.isBefore(endedAt());
    }

    /** True once it no longer mutes anything and never will. */
    public boolean endedBy(Instant now) {
        return !now.isBefore(endedAt());
    }

    /** True when every matcher given matches the alert, whatever the time. */
    public boolean matches(Alert alert, Registry registry) {
        return matches(unitId, level, kind, alert, registry);
    }

    /**
     * Whether matchers (null for any) match the alert: the unit and its subtree, the level, the kind. Shared with
     * alert delivery's silences file, whose silences mute by the same rule.
     */
    public static boolean matches(String unitId, String level, String kind, Alert alert, Registry registry) {
        if (kind != null && !kind.equals(alert.kind())) {
            return false;
        }
        if (level != null) {
            String alertLevel = alert.level() != null ? alert.level()
                    : registry.find(alert.unitId()).map(u -> u.level()).orElse(null);
            if (!level.equals(alertLevel)) {
                return false;
            }
        }
        return unitId == null || registry.isWithin(alert.unitId(), unitId);
    }

    /** Refuses a silence that matches everything, has no end, or ends before it starts; shared with the file's. */
    public static void checkShape(String id, String unitId, String level, String kind, Instant startsAt, Instant endsAt) {
        if (unitId == null && level == null && kind == null) {
            throw new IllegalArgumentException("silence " + id + " has no matcher (unit_id, level or kind)");
        }
        if (endsAt == null) {
            throw new IllegalArgumentException("silence " + id + " has no ends_at");
        }
        if (startsAt != null && !startsAt.isBefore(endsAt)) {
            throw new IllegalArgumentException("silence " + id + " ends before it starts");
        }
    }

    /** True when it is in force at {@code now} and matches the alert. */
    public boolean mutes(Alert alert, Registry registry, Instant now) {
        return activeAt(now) && matches(alert, registry);
    }

    /** This silence ended early by {@code by} at {@code at}. */
    public AlertSilence expired(String by, Instant at) {
        return new AlertSilence(id, unitId, level, kind, startsAt, endsAt, comment, createdBy, createdAt, signedIn, by, at);
    }
}
