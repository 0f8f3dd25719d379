package vn.election.dashboard;

import io.vertx.core.Future;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import vn.election.model.alert.Alert;
import vn.election.model.registry.Registry;
import vn.election.model.registry.RegistryLoader;
import vn.election.model.registry.Unit;
import vn.election.model.unit.LevelCompletion;
import vn.election.model.unit.UnitSnapshot;

/** Test data in one place: the demo registry, a fixed instant, snapshot and alert builders, and a future waiter. */
public final class Fixtures {

    public static final Registry REGISTRY = RegistryLoader.bundledDemo();
    public static final String AS_OF = "2021-05-23T19:00:00+07:00";
    public static final Duration WAIT = Duration.ofSeconds(30);

    private Fixtures() {
    }

    /**
     * A snapshot of a registry unit with the given figures; every lower level gets its registry total,
     * {@code completeShare} of it complete (rounded down), and the leaf level everything reporting.
     */
    public static UnitSnapshot snapshot(String unitId, long registered, long voted, double completeShare, long version) {
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

    public static UnitSnapshot snapshot(String unitId, long registered, long voted, long version) {
        return snapshot(unitId, registered, voted, 0.5, version);
    }

    /** A firing alert episode of {@code kind} on a registry unit, at the unit's own level. */
    public static Alert firingAlert(String unit, String kind, String startedAt) {
        return new Alert(Alert.episodeId(kind, unit, startedAt), kind, kind, unit, REGISTRY.unit(unit).level(), "warning",
                Alert.State.FIRING, BigDecimal.ONE, BigDecimal.TEN, startedAt, null, "test " + kind);
    }

    /** Waits for a Vert.x future from a test thread. */
    public static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError("future failed: " + e.getCause(), e.getCause());
        } catch (Exception e) {
            throw new AssertionError("future did not complete: " + e, e);
        }
    }
}
