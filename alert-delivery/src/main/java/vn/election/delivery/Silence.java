package vn.election.delivery;

import java.time.Instant;
import vn.election.model.alert.Alert;
import vn.election.model.alert.AlertSilence;
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
        AlertSilence.checkShape(id, unitId, level, kind, startsAt, endsAt);
    }

    /** True when the silence is in force at {@code now}. */
    public boolean activeAt(Instant now) {
        return (startsAt == null || !now.isBefore(startsAt)) && now.isBefore(endsAt);
    }

    /** True when the silence is in force at {@code now} and every matcher given matches the alert. */
    public boolean mutes(Alert alert, Registry registry, Instant now) {
        return activeAt(now) && AlertSilence.matches(unitId, level, kind, alert, registry);
    }
}
