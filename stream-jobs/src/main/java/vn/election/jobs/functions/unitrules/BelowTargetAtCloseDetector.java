package vn.election.jobs.functions.unitrules;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import vn.election.jobs.RegistryRef;
import vn.election.jobs.functions.detect.Episodes;
import vn.election.jobs.records.Finding;
import vn.election.jobs.records.UnitFigures;
import vn.election.jobs.records.UnitUpdate;
import vn.election.model.alert.AnomalyKind;
import vn.election.model.registry.Registry;
import vn.election.model.registry.Unit;

/**
 * A unit below its turnout target at close (keyed by unit; the unit's own target, see {@link UnitRulesConfig#targets()}): once its figures are as of the closing
 * time (local) it waits a grace period, because the areas' final reports arrive one by one, then a
 * turnout under the target fires; reaching the target later resolves it.
 */
public class BelowTargetAtCloseDetector extends KeyedProcessFunction<String, UnitUpdate, Finding> {

    static final String RULE = "below-target-at-close";

    private final RegistryRef registryRef;
    private final UnitRulesConfig config;
    private transient Registry registry;
    private transient ValueState<UnitFigures> latest;
    private transient ValueState<Long> judgeAt;
    private transient Episodes<Void> open;

    public BelowTargetAtCloseDetector(RegistryRef registryRef, UnitRulesConfig config) {
        this.registryRef = registryRef;
        this.config = config;
    }

    @Override
    public void open(OpenContext openContext) {
        registry = registryRef.load();
        latest = getRuntimeContext().getState(new ValueStateDescriptor<>("latest", UnitFigures.class));
        judgeAt = getRuntimeContext().getState(new ValueStateDescriptor<>("judge-at", Long.class));
        open = Episodes.in(getRuntimeContext().getState(new ValueStateDescriptor<>("open-episode", Finding.class)));
    }

    @Override
    public void processElement(UnitUpdate update, Context ctx, Collector<Finding> out) throws Exception {
        Unit unit = registry.unit(update.unitId());
        UnitFigures f = update.figures();
        if (!config.targetLevels().contains(unit.level()) || !f.hasObservation() || !afterClose(f)) {
            return;
        }
        Finding episode = open.current(null);
        if (episode != null) {
            BigDecimal pct = UnitFindings.pct(f);
            BigDecimal target = config.targets().of(unit.id(), registry);
            if (pct.compareTo(target) >= 0) {
                open.resolve(null, f.latestObservedMillis(), f.latestOffsetSeconds(), pct, target,
                        Finding.Figures.NONE, out);
            }
            return;
        }
        latest.update(f);
        if (judgeAt.value() == null) {
            long at = ctx.timerService().currentProcessingTime() + config.closeGrace().toMillis();
            ctx.timerService().registerProcessingTimeTimer(at);
            judgeAt.update(at);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Finding> out) throws Exception {
        UnitFigures f = latest.value();
        latest.clear();
        if (f == null) {
            return;
        }
        Unit unit = registry.unit(ctx.getCurrentKey());
        BigDecimal pct = UnitFindings.pct(f);
        // The unit's own target: a province may aim lower than the nation, a commune at everyone.
        BigDecimal target = config.targets().of(unit.id(), registry);
        if (pct.compareTo(target) < 0) {
            open.open(null, UnitFindings.found(RULE, AnomalyKind.BELOW_TARGET_AT_CLOSE.name(), unit,
                    f.latestObservedMillis(), f.latestOffsetSeconds(), pct, target, Finding.Figures.NONE), out);
        }
    }

    private boolean afterClose(UnitFigures f) {
        LocalTime local = Instant.ofEpochMilli(f.latestObservedMillis())
                .atOffset(ZoneOffset.ofTotalSeconds(f.latestOffsetSeconds())).toLocalTime();
        return !local.isBefore(config.pollsCloseLocal());
    }
}
