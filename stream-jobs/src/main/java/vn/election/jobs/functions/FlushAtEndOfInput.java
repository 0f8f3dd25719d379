package vn.election.jobs.functions;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.TimerHeapInternalTimer;

/**
 * Runs a keyed process function and, when a bounded input ends, fires its pending processing-time timers as if the
 * clock ran on, so what a stage coalesced for its next tick is emitted instead of dropped.
 *
 * <p>Why: at the end of input Flink (2.2: {@code StreamOperatorWrapper#finish}) quiesces each operator's
 * processing-time service before finishing it; timers not yet due never fire. Event-time timers do fire, on the
 * final watermark; processing-time ones have no such signal. Every figure of the job leaves on such a tick, so a
 * bounded run (a test with a finite source, a replay that ends, a stop with drain) would lose each unit's last
 * change. Each round fires the timers pending in timestamp order; a timer set while firing (the shard stage's next
 * open points) fires in the next round.
 */
public class FlushAtEndOfInput<K, IN, OUT> extends KeyedProcessOperator<K, IN, OUT> implements BoundedOneInput {

    /** The name {@link KeyedProcessOperator} registers its timers under. */
    private static final String TIMERS = "user-timers";

    /** A function that sets a new timer every time one fires would never settle: fail instead of spinning. */
    private static final int MAX_ROUNDS = 16;

    private record Due<K>(K key, long timestamp) {
    }

    public FlushAtEndOfInput(KeyedProcessFunction<K, IN, OUT> function) {
        super(function);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void endInput() throws Exception {
        InternalTimerService<VoidNamespace> timers =
                getInternalTimerService(TIMERS, VoidNamespaceSerializer.INSTANCE, this);
        for (int round = 0; round < MAX_ROUNDS; round++) {
            List<Due<K>> due = new ArrayList<>();
            // Collected first: firing a timer may set another, which must not change the queue being walked.
            timers.forEachProcessingTimeTimer((ns, ts) -> due.add(new Due<>((K) getCurrentKey(), ts)));
            if (due.isEmpty()) {
                return;
            }
            due.sort(Comparator.comparingLong(Due::timestamp));
            for (Due<K> d : due) {
                setCurrentKey(d.key());
                // Deleted before it fires, so the clock cannot fire it a second time before the service is quiesced.
                timers.deleteProcessingTimeTimer(VoidNamespace.INSTANCE, d.timestamp());
                onProcessingTime(new TimerHeapInternalTimer<>(d.timestamp(), d.key(), VoidNamespace.INSTANCE));
            }
        }
        throw new IllegalStateException(getOperatorName() + " still sets processing-time timers after "
                + MAX_ROUNDS + " rounds at the end of its input");
    }
}
