package vn.election.dashboard;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import io.vertx.core.Future;
import vn.election.model.registry.Registry;
import vn.election.model.registry.RegistryLoader;
import vn.election.model.registry.Unit;
import vn.election.model.unit.LevelCompletion;
import vn.election.model.unit.UnitSnapshot;

/** Test data in one place: the demo registry, a fixed instant, snapshot builders, and a future waiter. */
final class Fixtures {

    static final Registry REGISTRY = RegistryLoader.bundledDemo();
    static final String AS_OF = "2021-05-23T19:00:00+07:00";
    static final Duration WAIT = Duration.ofSeconds(30);

    private Fixtures() {
    }

    /**
     * A snapshot of a registry unit with the given figures; every lower level gets its registry total,
     * {@code completeShare} of it complete (rounded down), and the leaf level everything reporting.
     */
    static UnitSnapshot snapshot(String unitId, long registered, long voted, double completeShare, long version) {
        Unit u = REGISTRY.unit(unitId);
        Map<String, LevelCompletion> byLevel = new LinkedHashMap<>();
        int leaf = REGISTRY.leafDepth();
        for (int depth = leaf; depth > u.depth(); depth--) {
            long total = REGISTRY.descendantsAt(unitId, depth);
            byLevel.put(REGISTRY.levels().get(depth),
                    new LevelCompletion((long) Math.floor(total * completeShare), total, depth == leaf ? total : null));
        }
        return new UnitSnapshot(unitId, u.parentId(), u.level(), u.name(), registered, voted, byLevel, AS_OF, version);
    }

    static UnitSnapshot snapshot(String unitId, long registered, long voted, long version) {
        return snapshot(unitId, registered, voted, 0.5, version);
    }

    /** Waits for a Vert.x future from a test thread. */
    static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError("future failed: " + e.getCause(), e.getCause());
        } catch (Exception e) {
            throw new AssertionError("future did not complete: " + e, e);
        }
    }
}
