package vn.election.model.registry;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The administrative hierarchy loaded from a registry file: units by id, their children, the
 * level names from root to leaf, and for every unit how many units of each lower level it holds.
 * Immutable; built only by {@link RegistryLoader}.
 */
public final class Registry implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The leaf level's fixed name. */
    public static final String LEAF_LEVEL = "polling_area";

    private final List<String> levels;
    private final Map<String, Unit> units;
    private final Map<String, List<String>> children;
    private final Map<String, long[]> descendantsByDepth;
    private final Map<String, Long> registeredTotals;
    private final String rootId;

    Registry(List<String> levels, Map<String, Unit> units, Map<String, List<String>> children, String rootId) {
        this.levels = List.copyOf(levels);
        this.units = Collections.unmodifiableMap(units);
        this.children = children;
        this.rootId = rootId;
        this.descendantsByDepth = new HashMap<>(units.size() * 2);
        this.registeredTotals = new HashMap<>(units.size() * 2);
        countDescendants();
    }

    /** Level names from the root (depth 0) to the leaf ({@value #LEAF_LEVEL}). */
    public List<String> levels() {
        return levels;
    }

    public int leafDepth() {
        return levels.size() - 1;
    }

    public String root() {
        return rootId;
    }

    public Optional<Unit> find(String unitId) {
        return Optional.ofNullable(unitId == null ? null : units.get(unitId));
    }

    /** The unit with this id; throws if there is none. */
    public Unit unit(String unitId) {
        Unit u = units.get(unitId);
        if (u == null) {
            throw new IllegalArgumentException("no unit " + unitId + " in the registry");
        }
        return u;
    }

    public boolean isLeaf(String unitId) {
        Unit u = units.get(unitId);
        return u != null && u.depth() == leafDepth();
    }

    /** Child ids in file order; empty for a leaf or an unknown id. */
    public List<String> children(String unitId) {
        return children.getOrDefault(unitId, List.of());
    }

    public int size() {
        return units.size();
    }

    /** All units, in no particular order. */
    public Iterable<Unit> units() {
        return units.values();
    }

    /** Number of units at {@code depth} in the subtree of {@code unitId} (the unit itself excluded). */
    public long descendantsAt(String unitId, int depth) {
        long[] counts = descendantsByDepth.get(unitId);
        return counts == null || depth >= counts.length ? 0 : counts[depth];
    }

    /** Voters on the list in the subtree, as the file gives them (readings may change it later). */
    public long registeredTotal(String unitId) {
        return registeredTotals.getOrDefault(unitId, 0L);
    }

    /** True when {@code unitId} is {@code ancestorId} or lies below it. */
    public boolean isWithin(String unitId, String ancestorId) {
        Unit u = units.get(unitId);
        return u != null && isWithin(u, ancestorId);
    }

    /**
     * True when {@code unit} (of this registry) is {@code ancestorId} or lies below it. Ingest asks it of every
     * reading: the root answers at once, and the walk up stops at the ancestor's depth (each step is a look-up
     * in a map of every unit, and was a fifth of ingest's event loop at 20,000 readings/s).
     */
    public boolean isWithin(Unit unit, String ancestorId) {
        if (ancestorId == null) {
            return false;
        }
        if (ancestorId.equals(rootId)) {
            return true;
        }
        Unit ancestor = units.get(ancestorId);
        if (ancestor == null) {
            return false;
        }
        Unit u = unit;
        while (u != null && u.depth() > ancestor.depth()) {
            u = u.isRoot() ? null : units.get(u.parentId());
        }
        return u != null && u.id().equals(ancestorId);
    }

    /** True when {@code unit} (of this registry) is a polling area. */
    public boolean isLeaf(Unit unit) {
        return unit.depth() == leafDepth();
    }

    /** The path from the root down to the unit, both included. */
    public List<Unit> path(String unitId) {
        List<Unit> path = new ArrayList<>();
        for (Unit u = units.get(unitId); u != null; u = u.isRoot() ? null : units.get(u.parentId())) {
            path.add(u);
        }
        Collections.reverse(path);
        return path;
    }

    private void countDescendants() {
        // Leaves first: deepest units add their counts into their parents, level by level.
        List<List<Unit>> byDepth = new ArrayList<>();
        for (int d = 0; d < levels.size(); d++) {
            byDepth.add(new ArrayList<>());
        }
        for (Unit u : units.values()) {
            byDepth.get(u.depth()).add(u);
            descendantsByDepth.put(u.id(), new long[levels.size()]);
            registeredTotals.put(u.id(), u.registered());
        }
        for (int d = levels.size() - 1; d > 0; d--) {
            for (Unit u : byDepth.get(d)) {
                long[] own = descendantsByDepth.get(u.id());
                long[] parent = descendantsByDepth.get(u.parentId());
                parent[d]++;
                for (int below = d + 1; below < levels.size(); below++) {
                    parent[below] += own[below];
                }
                registeredTotals.merge(u.parentId(), registeredTotals.get(u.id()), Long::sum);
            }
        }
    }
}
