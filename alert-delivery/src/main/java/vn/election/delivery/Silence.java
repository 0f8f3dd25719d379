package vn.election.delivery;

import java.time.Instant;
import vn.election.model.alert.Alert;
import vn.election.model.registry.Registry;

/**
 * One time-boxed mute: alerts of a unit and its subtree, of a level, of a kind (any combination, all
 * given matchers must match) are not delivered from {@code startsAt} (inclusive) to {@code endsAt} (exclusive).
 *
 * @param unitId mutes this unit and every unit below it; null for any
 * @param level mutes alerts whose unit is at this level; null for any
 * @param kind mutes alerts of this kind; null for any
 * @param startsAt null for "already started"
 */
public record Silence(String id, String unitId, String level, String kind, Instant startsAt, Instant endsAt,
                      String comment) {

    public Silence {
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

    /** True when the silence is in force at {@code now}. */
    public boolean activeAt(Instant now) {
        return (startsAt == null || !now.isBefore(startsAt)) && now.isBefore(endsAt);
    }

    /** True when the silence is in force at {@code now} and every matcher given matches the alert. */
    public boolean mutes(Alert alert, Registry registry, Instant now) {
        if (!activeAt(now)) {
            return false;
        }
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
}
