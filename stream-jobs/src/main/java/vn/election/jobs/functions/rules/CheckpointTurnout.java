package vn.election.jobs.functions.rules;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import vn.election.jobs.RegistryRef;
import vn.election.jobs.functions.detect.Episodes;
import vn.election.jobs.records.AlertRuleChange;
import vn.election.jobs.records.Finding;
import vn.election.jobs.records.HistoryPoint;
import vn.election.model.alert.AlertRule;
import vn.election.model.alert.AnomalyKind;
import vn.election.model.registry.Registry;
import vn.election.model.unit.UnitSnapshot;

/**
 * Judges a unit's curve (its 5-minute history points, keyed by unit) against the TURNOUT_BELOW rules in
 * force: at the first point at or after the rule's time of day, a unit below the rule's percentage is a
 * finding, resolved by a later point at or above it; one judgement per rule per local day, and only on
 * a day when at least half of the unit's polling areas report (so not on the days remote areas vote early).
 */
public final class CheckpointTurnout extends KeyedBroadcastProcessFunction<String, HistoryPoint, AlertRuleChange, Finding> {

    private static final String FIRING = "F";
    private static final String CLEAR = "C";

    private final RegistryRef registryRef;
    private final List<AlertRule> initialRules;
    private transient Registry registry;
    /** Rule id to "local day|F" once judged below (the finding may have ended since), or "local day|C" once judged clear. */
    private transient MapState<String, String> judged;
    /** Open findings by "rule id|local day" (a day's finding stays its own, as its start differs). */
    private transient Episodes<String> open;

    public CheckpointTurnout(RegistryRef registryRef, List<AlertRule> initialRules) {
        this.registryRef = registryRef;
        this.initialRules = List.copyOf(initialRules);
    }

    @Override
    public void open(OpenContext ctx) {
        registry = registryRef.load();
        judged = getRuntimeContext().getMapState(new MapStateDescriptor<>("checkpoint-judged", Types.STRING, Types.STRING));
        open = Episodes.in(getRuntimeContext().getMapState(new MapStateDescriptor<>("checkpoint-open", Types.STRING,
                TypeInformation.of(Finding.class))));
    }

    @Override
    public void processElement(HistoryPoint p, ReadOnlyContext ctx, Collector<Finding> out) throws Exception {
        if (p.registered() <= 0 || !mostlyReporting(p)) {
            // Not judged yet: before most of its polling areas report, a unit's curve is only the areas
            // that voted days early, or the first few teams of the morning.
            return;
        }
        OffsetDateTime local = Instant.ofEpochMilli(p.bucketEndMillis()).atOffset(ZoneOffset.ofTotalSeconds(p.offsetSeconds()));
        String day = local.toLocalDate().toString();
        BigDecimal pct = UnitSnapshot.turnoutPct(p.voted(), p.registered());
        for (AlertRule rule : RuleBook.inForce(initialRules, ctx.getBroadcastState(RuleBook.CHANGES).immutableEntries())) {
            if (!AnomalyKind.TURNOUT_BELOW.name().equals(rule.kind()) || !RuleBook.covers(rule, registry, p.unitId())) {
                continue;
            }
            String state = judged.get(rule.ruleId());
            boolean today = state != null && state.startsWith(day + "|");
            String episode = rule.ruleId() + "|" + day;
            if (today && state.equals(day + "|" + FIRING) && pct.compareTo(rule.threshold()) >= 0) {
                open.resolve(episode, p.bucketEndMillis(), p.offsetSeconds(), pct, rule.threshold(),
                        Finding.Figures.NONE, out);
                judged.put(rule.ruleId(), day + "|" + CLEAR);
            } else if (!today && !local.toLocalTime().isBefore(LocalTime.parse(rule.at()))) {
                if (pct.compareTo(rule.threshold()) < 0) {
                    open.open(episode, Finding.found(rule.ruleId(), AnomalyKind.TURNOUT_BELOW.name(), p.unitId(),
                            registry.unit(p.unitId()).level(), p.bucketEndMillis(), p.offsetSeconds(), pct,
                            rule.threshold(), Finding.Figures.NONE), out);
                    judged.put(rule.ruleId(), day + "|" + FIRING);
                } else {
                    judged.put(rule.ruleId(), day + "|" + CLEAR);
                }
            }
        }
    }

    @Override
    public void processBroadcastElement(AlertRuleChange change, Context ctx, Collector<Finding> out) throws Exception {
        ctx.getBroadcastState(RuleBook.CHANGES).put(change.ruleId(), change);
    }

    private boolean mostlyReporting(HistoryPoint p) {
        long areas = registry.descendantsAt(p.unitId(), registry.leafDepth());
        return areas > 0 && p.reporting() * 2 >= areas;
    }
}
