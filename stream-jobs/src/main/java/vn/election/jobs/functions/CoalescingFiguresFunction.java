package vn.election.jobs.functions;

import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import vn.election.jobs.RegistryRef;
import vn.election.jobs.records.CoalescedFigures;
import vn.election.jobs.records.UnitDelta;
import vn.election.jobs.records.UnitFigures;
import vn.election.jobs.records.UnitUpdate;
import vn.election.model.registry.Registry;
import vn.election.model.registry.Unit;

/**
 * Keeps one unit's exact figures (keyed by unit id) and, at most once per interval of processing
 * time, passes the change since the last flush up to the parent as a {@link UnitDelta} and emits the
 * unit's absolute figures to {@link #UPDATES}. Subclasses say how an input changes the figures.
 *
 * <p>Coalescing at every level is what keeps the root from becoming a hot key: the nation receives
 * at most one delta per province per interval, whatever the input rate.
 */
public abstract class CoalescingFiguresFunction<IN> extends KeyedProcessFunction<String, IN, UnitDelta> {

    public static final OutputTag<UnitUpdate> UPDATES =
            new OutputTag<>("unit-updates", TypeInformation.of(UnitUpdate.class));

    protected final RegistryRef registryRef;
    private final long intervalMillis;
    protected transient Registry registry;
    private transient ValueState<CoalescedFigures> state;

    protected CoalescingFiguresFunction(RegistryRef registryRef, Duration interval) {
        this.registryRef = registryRef;
        this.intervalMillis = interval.toMillis();
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        registry = registryRef.load();
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("coalesced-figures", CoalescedFigures.class));
    }

    /** Applies one input to the unit's figures; returns them unchanged (the same instance) when nothing changed. */
    protected abstract UnitFigures apply(Unit unit, IN input, UnitFigures current, Context ctx) throws Exception;

    @Override
    public void processElement(IN input, Context ctx, Collector<UnitDelta> out) throws Exception {
        Unit unit = registry.unit(ctx.getCurrentKey());
        CoalescedFigures s = state.value();
        UnitFigures current = s == null ? initial(unit) : s.current();
        UnitFigures next = apply(unit, input, current, ctx);
        if (next == current) {
            return;
        }
        long flushAt = s == null ? 0 : s.flushAt();
        if (flushAt == 0) {
            // Aligned to the interval, as the shard stage's ticks are: a unit's change waits at most one interval
            // at each level, and every unit of a level flushes at the same instants.
            long now = ctx.timerService().currentProcessingTime();
            flushAt = (now / intervalMillis + 1) * intervalMillis;
            ctx.timerService().registerProcessingTimeTimer(flushAt);
        }
        state.update(new CoalescedFigures(next, s == null ? current : s.flushed(), flushAt));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<UnitDelta> out) throws Exception {
        CoalescedFigures s = state.value();
        if (s == null) {
            return;
        }
        UnitFigures now = s.current();
        UnitFigures before = s.flushed();
        if (now.sameFigures(before)) {
            state.update(new CoalescedFigures(now, before, 0));
            return;
        }
        Unit unit = registry.unit(ctx.getCurrentKey());
        if (!unit.isRoot()) {
            out.collect(UnitDelta.between(unit.parentId(), unit.depth(), before, now));
        }
        // A version that also rises across a restore from an older checkpoint: never below the clock.
        UnitFigures versioned = now.withVersion(Math.max(now.version() + 1, timestamp));
        state.update(new CoalescedFigures(versioned, versioned, 0));
        ctx.output(UPDATES, new UnitUpdate(unit.id(), versioned));
    }

    /**
     * A unit starts from its whole list as the registry gives it, so a parent counts the voters of
     * children that have not reported yet; deltas then carry only changes of the list.
     */
    private UnitFigures initial(Unit unit) {
        return UnitFigures.empty(registry.registeredTotal(unit.id()), registry.levels().size());
    }
}
