package vn.election.jobs.functions.shard;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import vn.election.jobs.RegistryRef;
import vn.election.model.registry.Registry;
import vn.election.model.registry.Unit;

/**
 * How the registry is cut into shards for the sharded hot path: the shard level (the shallowest level
 * below the root with at least {@code minShards} units, else the level just above the polling areas, so a
 * district in the 2021 shape and a commune in the 2026 one), every shard's polling areas and inner units
 * as array indexes, and for every shard an integer key chosen so that shards, weighed by their polling
 * areas, spread evenly over Flink's key groups. Built from the registry file alone, the same in every JVM.
 */
public final class ShardPlan {

    /**
     * A level becomes the shard level from this many units: four per key group of the default 128, so that
     * whole shards can be spread evenly over the task slots.
     */
    public static final int DEFAULT_MIN_SHARDS = 512;

    private static final Map<String, ShardPlan> BUILT = new ConcurrentHashMap<>();

    /** Where a polling area lives: its shard and its index among the shard's areas. */
    public record AreaAddress(int shard, int area) {
    }

    /** One shard: the units it owns, by array index (inner units parents first; unit 0 is the shard itself). */
    public static final class Shard {
        public final int index;
        public final int key;
        public final String[] areaIds;
        /** For each area, the index of its parent among {@link #unitIds}. */
        public final int[] areaParent;
        public final long[] areaListFromRegistry;
        public final String[] unitIds;
        /** For each inner unit, its parent's index, or -1 for the shard itself. */
        public final int[] unitParent;
        public final int[] unitDepth;
        public final long[] unitListFromRegistry;
        /** The shard's own parent, or null when the shard is the root. */
        public final String parentId;

        Shard(int index, int key, List<Unit> areas, List<Unit> units, Map<String, Integer> unitIndex, Registry registry) {
            this.index = index;
            this.key = key;
            this.areaIds = areas.stream().map(Unit::id).toArray(String[]::new);
            this.areaParent = areas.stream().mapToInt(a -> unitIndex.get(a.parentId())).toArray();
            this.areaListFromRegistry = areas.stream().mapToLong(Unit::registered).toArray();
            this.unitIds = units.stream().map(Unit::id).toArray(String[]::new);
            this.unitParent = units.stream().mapToInt(u -> u == units.get(0) ? -1 : unitIndex.get(u.parentId())).toArray();
            this.unitDepth = units.stream().mapToInt(Unit::depth).toArray();
            this.unitListFromRegistry = units.stream().mapToLong(u -> registry.registeredTotal(u.id())).toArray();
            this.parentId = units.get(0).isRoot() ? null : units.get(0).parentId();
        }

        public int areaCount() {
            return areaIds.length;
        }

        public int unitCount() {
            return unitIds.length;
        }
    }

    private final int shardDepth;
    private final int depths;
    private final Shard[] shards;
    private final Map<String, AreaAddress> areas;
    /** Shards by key: keys are small integers (the first that hash into each key group), so an array. */
    private final Shard[] byKey;

    private ShardPlan(Registry registry, int minShards, int maxParallelism) {
        this.depths = registry.levels().size();
        this.shardDepth = shardDepth(registry, minShards);
        List<Unit> shardUnits = new ArrayList<>();
        for (Unit u : registry.units()) {
            if (u.depth() == shardDepth) {
                shardUnits.add(u);
            }
        }
        // Registry order is not defined: sort by id so every JVM gives every shard the same index and key.
        shardUnits.sort((a, b) -> a.id().compareTo(b.id()));
        List<List<Unit>> shardAreas = new ArrayList<>();
        List<List<Unit>> shardInner = new ArrayList<>();
        for (Unit s : shardUnits) {
            List<Unit> inner = new ArrayList<>();
            List<Unit> leaves = new ArrayList<>();
            collect(registry, s, inner, leaves);
            shardInner.add(inner);
            shardAreas.add(leaves);
        }
        int[] keys = balancedKeys(shardAreas.stream().mapToInt(List::size).toArray(), maxParallelism);
        this.shards = new Shard[shardUnits.size()];
        this.areas = new HashMap<>(registry.size() * 2);
        this.byKey = new Shard[java.util.Arrays.stream(keys).max().orElse(-1) + 1];
        for (int i = 0; i < shards.length; i++) {
            Map<String, Integer> unitIndex = new HashMap<>();
            List<Unit> inner = shardInner.get(i);
            for (int u = 0; u < inner.size(); u++) {
                unitIndex.put(inner.get(u).id(), u);
            }
            shards[i] = new Shard(i, keys[i], shardAreas.get(i), inner, unitIndex, registry);
            byKey[keys[i]] = shards[i];
            List<Unit> leaves = shardAreas.get(i);
            for (int a = 0; a < leaves.size(); a++) {
                areas.put(leaves.get(a).id(), new AreaAddress(i, a));
            }
        }
    }

    /** The plan for this registry, built once per JVM and shared by every operator. */
    public static ShardPlan of(RegistryRef ref, int minShards, int maxParallelism) {
        return BUILT.computeIfAbsent(ref.kind() + "\u0000" + ref.value() + "\u0000" + minShards + "\u0000" + maxParallelism,
                k -> new ShardPlan(ref.load(), minShards, maxParallelism));
    }

    /** The shallowest level below the root with at least {@code minShards} units, else the one above the leaves. */
    static int shardDepth(Registry registry, int minShards) {
        int leaf = registry.leafDepth();
        int[] counts = new int[leaf + 1];
        for (Unit u : registry.units()) {
            counts[u.depth()]++;
        }
        for (int d = 1; d < leaf; d++) {
            if (counts[d] >= minShards) {
                return d;
            }
        }
        return Math.max(0, leaf - 1);
    }

    /** Inner units parents first (breadth first), then the leaves, in registry file order. */
    private static void collect(Registry registry, Unit shard, List<Unit> inner, List<Unit> leaves) {
        inner.add(shard);
        if (registry.isLeaf(shard.id())) {
            throw new IllegalArgumentException("a shard cannot be a polling area: " + shard.id());
        }
        for (int i = 0; i < inner.size(); i++) {
            for (String child : registry.children(inner.get(i).id())) {
                Unit c = registry.unit(child);
                if (registry.isLeaf(child)) {
                    leaves.add(c);
                } else {
                    inner.add(c);
                }
            }
        }
    }

    /**
     * One distinct integer key per shard, so that Flink puts the shards (heaviest first, each to the key group
     * with the fewest polling areas so far) evenly into key groups: string ids hashed at random leave some key
     * groups, and so some task slots, with twice the areas of others.
     */
    static int[] balancedKeys(int[] weights, int maxParallelism) {
        Integer[] order = new Integer[weights.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> weights[b] != weights[a] ? Integer.compare(weights[b], weights[a]) : Integer.compare(a, b));
        long[] load = new long[maxParallelism];
        // Candidate keys by key group, found once: the first few integers that hash into each group.
        Map<Integer, ArrayList<Integer>> free = new HashMap<>();
        int next = 0;
        int[] keys = new int[weights.length];
        for (int shard : order) {
            int group = 0;
            for (int g = 1; g < maxParallelism; g++) {
                if (load[g] < load[group]) {
                    group = g;
                }
            }
            ArrayList<Integer> candidates = free.computeIfAbsent(group, g -> new ArrayList<>());
            while (candidates.isEmpty()) {
                int k = next++;
                free.computeIfAbsent(KeyGroupRangeAssignment.assignToKeyGroup(k, maxParallelism), g -> new ArrayList<>()).add(k);
            }
            keys[shard] = candidates.remove(candidates.size() - 1);
            load[group] += Math.max(1, weights[shard]);
        }
        return keys;
    }

    public int shardDepth() {
        return shardDepth;
    }

    /** Number of registry levels (depths 0 to the leaf). */
    public int depths() {
        return depths;
    }

    public int shardCount() {
        return shards.length;
    }

    public Shard shard(int index) {
        return shards[index];
    }

    /** The shard with this key; throws for a key no shard has. */
    public Shard byKey(int key) {
        Shard s = key >= 0 && key < byKey.length ? byKey[key] : null;
        if (s == null) {
            throw new IllegalArgumentException("no shard has key " + key);
        }
        return s;
    }

    /** Where a polling area lives, or null when the id is not a polling area of the registry. */
    public AreaAddress address(String stationId) {
        return areas.get(stationId);
    }
}
