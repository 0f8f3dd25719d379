package vn.election.model.unit;

import java.util.LinkedHashMap;
import java.util.Map;
import vn.election.model.registry.Registry;
import vn.election.model.registry.Unit;

/** Builds unit snapshots from figures and the registry (names, levels, unit counts), in one place for every module. */
public final class UnitSnapshots {

    private UnitSnapshots() {
    }

    /**
     * A snapshot of {@code unitId} with the given figures; {@code completeByDepth} is indexed by
     * registry depth, and {@code complete_by_level} lists the levels below the unit, leaf first.
     */
    public static UnitSnapshot of(Registry registry, String unitId, long registered, long voted, long[] completeByDepth,
                                  long reporting, String asOf, long version) {
        Unit unit = registry.unit(unitId);
        Map<String, LevelCompletion> byLevel = new LinkedHashMap<>();
        int leaf = registry.leafDepth();
        for (int depth = leaf; depth > unit.depth(); depth--) {
            byLevel.put(registry.levels().get(depth), new LevelCompletion(completeByDepth[depth],
                    registry.descendantsAt(unitId, depth), depth == leaf ? reporting : null));
        }
        return new UnitSnapshot(unitId, unit.parentId(), unit.level(), unit.name(), registered, voted, byLevel, asOf,
                version);
    }

    /** Nobody has voted yet: the registry's list sizes and unit counts, nothing complete, nothing reporting. */
    public static UnitSnapshot zero(Registry registry, String unitId) {
        return of(registry, unitId, registry.registeredTotal(unitId), 0, new long[registry.levels().size()], 0, null, 0);
    }
}
