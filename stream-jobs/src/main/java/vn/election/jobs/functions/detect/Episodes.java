package vn.election.jobs.functions.detect;

import java.math.BigDecimal;
import java.util.function.Consumer;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.util.Collector;
import vn.election.jobs.records.Finding;

/**
 * The open/resolve bookkeeping every detector shares: at most one open episode per key; a finding opens it
 * (emitted, then kept) and its resolution closes it (emitted, then forgotten), so an episode never opens over
 * an open one nor resolves twice. Backed by the keyed state that suits the detector; the shard stage, which
 * keeps its episodes in arrays, uses the two transitions alone ({@link #emitOpened}, {@link #emitResolved}).
 *
 * @param <K> what tells a detector's episodes apart within its key (a source, a checkpoint; nothing for one per key)
 */
public final class Episodes<K> {

    /** Where a detector keeps its open episodes. */
    private interface Store<K> {
        Finding get(K key) throws Exception;

        void put(K key, Finding open) throws Exception;

        void remove(K key) throws Exception;
    }

    private final Store<K> store;

    private Episodes(Store<K> store) {
        this.store = store;
    }

    /** Episodes told apart by a map state's keys. */
    public static <K> Episodes<K> in(MapState<K, Finding> state) {
        return new Episodes<>(new Store<>() {
            public Finding get(K key) throws Exception {
                return state.get(key);
            }

            public void put(K key, Finding open) throws Exception {
                state.put(key, open);
            }

            public void remove(K key) throws Exception {
                state.remove(key);
            }
        });
    }

    /** One episode at a time per Flink key, in a value state (pass null as the key). */
    public static Episodes<Void> in(ValueState<Finding> state) {
        return new Episodes<>(new Store<>() {
            public Finding get(Void key) throws Exception {
                return state.value();
            }

            public void put(Void key, Finding open) throws Exception {
                state.update(open);
            }

            public void remove(Void key) throws Exception {
                state.clear();
            }
        });
    }

    /** The open episode of {@code key}, or null. */
    public Finding current(K key) throws Exception {
        return store.get(key);
    }

    /** Opens an episode with {@code found} unless one is open for {@code key}; whether it did. */
    public boolean open(K key, Finding found, Collector<Finding> out) throws Exception {
        if (store.get(key) != null) {
            return false;
        }
        store.put(key, emitOpened(found, out::collect));
        return true;
    }

    /** Resolves the open episode of {@code key}, if any, with what was measured at its end; whether it did. */
    public boolean resolve(K key, long endedMillis, int offsetSeconds, BigDecimal value, BigDecimal threshold,
                           Finding.Figures figures, Collector<Finding> out) throws Exception {
        Finding open = store.get(key);
        if (open == null) {
            return false;
        }
        emitResolved(open, endedMillis, offsetSeconds, value, threshold, figures, out::collect);
        store.remove(key);
        return true;
    }

    /** Emits a new episode's finding; returns it, for the caller to keep as open. */
    public static Finding emitOpened(Finding found, Consumer<Finding> out) {
        out.accept(found);
        return found;
    }

    /** Emits the end of {@code open}; returns null, what the caller keeps once it has ended. */
    public static Finding emitResolved(Finding open, long endedMillis, int offsetSeconds, BigDecimal value,
                                       BigDecimal threshold, Finding.Figures figures, Consumer<Finding> out) {
        out.accept(open.resolved(endedMillis, offsetSeconds, value, threshold, figures));
        return null;
    }
}
