package vn.election.model.unit;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The absolute figures of one unit at one moment, as docs/contract.md's unit object: voters on the list,
 * voters counted, turnout, and for every lower level how many units are complete.
 *
 * @param completeByLevel one entry per level below the unit, leaf level first (ordered map)
 * @param asOf the latest observation time in the unit's subtree (ISO-8601 with offset), or null
 * @param version rises with every update of this unit, so a consumer can ignore an older one
 */
public record UnitSnapshot(String unitId, String parentId, String level, String name, long registered, long voted,
                           Map<String, LevelCompletion> completeByLevel, String asOf, long version) {

    public UnitSnapshot {
        Objects.requireNonNull(unitId, "unitId");
        // Ordered (leaf level first) and immutable: a caller's map cannot change a published snapshot.
        completeByLevel = Collections.unmodifiableMap(new LinkedHashMap<>(completeByLevel));
    }

    /** 100 × voted / registered, rounded half-up to 2 decimals; null while the list is empty. */
    public BigDecimal turnoutPct() {
        return turnoutPct(voted, registered);
    }

    /** A unit is complete when its list is not empty and every voter on it has voted. */
    public boolean complete() {
        return isComplete(voted, registered);
    }

    public static BigDecimal turnoutPct(long voted, long registered) {
        if (registered <= 0) {
            return null;
        }
        return BigDecimal.valueOf(voted).multiply(BigDecimal.valueOf(100))
                .divide(BigDecimal.valueOf(registered), 2, RoundingMode.HALF_UP);
    }

    public static boolean isComplete(long voted, long registered) {
        return registered > 0 && voted >= registered;
    }
}
