package vn.election.jobs.functions.rules;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import vn.election.jobs.RegistryRef;
import vn.election.jobs.records.AlertRuleChange;
import vn.election.jobs.records.HistoryPoint;
import vn.election.model.alert.Alert;
import vn.election.model.alert.AlertRule;
import vn.election.model.alert.AnomalyKind;
import vn.election.model.registry.Registry;
import vn.election.model.registry.Unit;
import vn.election.model.unit.UnitSnapshot;

/**
 * Judges a unit's curve (its 5-minute history points, keyed by unit) against the TURNOUT_BELOW rules in
 * force: at the first point at or after the rule's time of day, a unit below the rule's percentage is a
 * finding, resolved by a later point at or above it; one judgement per rule per local day, and only on
 * a day when at least half of the unit's polling areas report (so not on the days remote areas vote early).
 */
public final class CheckpointTurnout extends KeyedBroadcastProcessFunction<String, HistoryPoint, AlertRuleChange, Alert> {

    private static final String FIRING = "F";
    private static final String CLEAR = "C";

    private final RegistryRef registryRef;
    private final List<AlertRule> initialRules;
    private transient Registry registry;
    /** Rule id to "local day|F|started at" while a finding is open, or "local day|C" once judged clear. */
    private transient MapState<String, String> judged;

    public CheckpointTurnout(RegistryRef registryRef, List<AlertRule> initialRules) {
        this.registryRef = registryRef;
        this.initialRules = List.copyOf(initialRules);
    }

    @Override
    public void open(OpenContext ctx) {
        registry = registryRef.load();
        judged = getRuntimeContext().getMapState(new MapStateDescriptor<>("checkpoint-judged", Types.STRING, Types.STRING));
    }

    @Override
    public void processElement(HistoryPoint p, ReadOnlyContext ctx, Collector<Alert> out) throws Exception {
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
            if (today && state.startsWith(day + "|" + FIRING) && pct.compareTo(rule.threshold()) >= 0) {
                String startedAt = state.substring((day + "|" + FIRING + "|").length());
                out.collect(finding(rule, p.unitId(), startedAt, pct).resolved(iso(local), pct,
                        unitName(p.unitId()) + " reached " + pct.toPlainString() + "%, at or above "
                                + rule.threshold().toPlainString() + "%."));
                judged.put(rule.ruleId(), day + "|" + CLEAR);
            } else if (!today && !local.toLocalTime().isBefore(LocalTime.parse(rule.at()))) {
                if (pct.compareTo(rule.threshold()) < 0) {
                    String startedAt = iso(local);
                    out.collect(finding(rule, p.unitId(), startedAt, pct));
                    judged.put(rule.ruleId(), day + "|" + FIRING + "|" + startedAt);
                } else {
                    judged.put(rule.ruleId(), day + "|" + CLEAR);
                }
            }
        }
    }

    @Override
    public void processBroadcastElement(AlertRuleChange change, Context ctx, Collector<Alert> out) throws Exception {
        ctx.getBroadcastState(RuleBook.CHANGES).put(change.ruleId(), change);
    }

    private Alert finding(AlertRule rule, String unitId, String startedAt, BigDecimal pct) {
        Unit unit = registry.unit(unitId);
        return new Alert(Alert.episodeId("finding:" + rule.ruleId(), unitId, startedAt), rule.ruleId(),
                AnomalyKind.TURNOUT_BELOW.name(), unitId, unit.level(), rule.severity(), Alert.State.FIRING, pct,
                rule.threshold(), startedAt, null, unit.name() + " is at " + pct.toPlainString() + "% at " + rule.at()
                + ", below the " + rule.threshold().toPlainString() + "% rule " + rule.ruleId() + " asks for.");
    }

    private boolean mostlyReporting(HistoryPoint p) {
        long areas = registry.descendantsAt(p.unitId(), registry.leafDepth());
        return areas > 0 && p.reporting() * 2 >= areas;
    }

    private String unitName(String unitId) {
        return registry.unit(unitId).name();
    }

    private static String iso(OffsetDateTime t) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t);
    }
}
