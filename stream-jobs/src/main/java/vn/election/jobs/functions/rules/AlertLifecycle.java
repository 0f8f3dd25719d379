package vn.election.jobs.functions.rules;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import vn.election.jobs.RegistryRef;
import vn.election.jobs.records.AlertRuleChange;
import vn.election.jobs.records.Finding;
import vn.election.model.alert.Alert;
import vn.election.model.alert.AlertRule;
import vn.election.model.alert.AnomalyKind;
import vn.election.model.registry.Registry;
import vn.election.model.registry.Unit;

/**
 * Turns the detectors' findings (keyed by unit) into alerts by the rules in force: each rule that
 * covers a finding starts an episode with the rule's id, severity and threshold, which is pending for
 * the rule's pending period (event time) and then fires, and resolves with its finding; rule changes
 * arrive as broadcast elements and apply at once, a deleted or disabled rule resolving its open episodes.
 * The only stage that writes alerts: their ids, states and messages (English and Vietnamese, from the
 * finding's values at the moment the rule speaks, {@link AlertMessages}).
 */
public final class AlertLifecycle extends KeyedBroadcastProcessFunction<String, Finding, AlertRuleChange, Alert> {

    private static final long MINUTE = 60_000L;

    private final RegistryRef registryRef;
    private final List<AlertRule> initialRules;
    private final long silenceBaseMinutes;
    private transient Registry registry;
    private transient MapState<String, RuleEpisode> episodes;
    // Flink metrics (operator scope), reported by whatever reporter the cluster runs (Prometheus in docker/).
    private transient Counter rulesEvaluated;
    private transient Counter notifications;

    /**
     * @param silenceBaseMinutes the silence detector's own threshold: a SILENT_STATION rule asking for
     *                           less cannot fire earlier than that
     */
    public AlertLifecycle(RegistryRef registryRef, List<AlertRule> initialRules, long silenceBaseMinutes) {
        this.registryRef = registryRef;
        this.initialRules = List.copyOf(initialRules);
        this.silenceBaseMinutes = silenceBaseMinutes;
    }

    static MapStateDescriptor<String, RuleEpisode> episodesDescriptor() {
        return new MapStateDescriptor<>("rule-episodes", Types.STRING, TypeInformation.of(RuleEpisode.class));
    }

    @Override
    public void open(OpenContext ctx) {
        registry = registryRef.load();
        episodes = getRuntimeContext().getMapState(episodesDescriptor());
        rulesEvaluated = getRuntimeContext().getMetricGroup().counter("rulesEvaluated");
        notifications = getRuntimeContext().getMetricGroup().counter("alertNotifications");
    }

    @Override
    public void processElement(Finding finding, ReadOnlyContext ctx, Collector<Alert> out) throws Exception {
        long now = now(ctx.timestamp(), ctx.timerService().currentWatermark());
        if (finding.isResolved()) {
            resolve(finding, out);
            return;
        }
        for (AlertRule rule : RuleBook.inForce(initialRules, ctx.getBroadcastState(RuleBook.CHANGES).immutableEntries())) {
            rulesEvaluated.inc();
            if (!applies(rule, finding)) {
                continue;
            }
            String key = rule.ruleId() + '\u0000' + finding.ruleId() + '\u0000' + finding.startedAt();
            RuleEpisode known = episodes.get(key);
            if (known != null) {
                episodes.put(key, known.withFinding(finding));     // a repeat: keep the episode as it is
                continue;
            }
            long conditionAt = conditionAt(rule, finding, now);
            RuleEpisode ep = new RuleEpisode(rule.ruleId(), rule.severity(), rule.threshold(),
                    AnomalyKind.SILENT_STATION.name().equals(finding.kind()), finding, RuleEpisode.WAITING, conditionAt,
                    conditionAt + rule.pendingMinutes() * MINUTE);
            ep = advance(ep, now, out);
            episodes.put(key, ep);
            if (ep.nextDueMillis() != Long.MAX_VALUE) {
                ctx.timerService().registerEventTimeTimer(ep.nextDueMillis());
            }
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        for (Map.Entry<String, RuleEpisode> e : entries()) {
            RuleEpisode ep = e.getValue();
            if (ep.nextDueMillis() > timestamp) {
                continue;
            }
            RuleEpisode moved = advance(ep, timestamp, out);
            episodes.put(e.getKey(), moved);
            if (moved.nextDueMillis() != Long.MAX_VALUE) {
                ctx.timerService().registerEventTimeTimer(moved.nextDueMillis());
            }
        }
    }

    @Override
    public void processBroadcastElement(AlertRuleChange change, Context ctx, Collector<Alert> out) throws Exception {
        ctx.getBroadcastState(RuleBook.CHANGES).put(change.ruleId(), change);
        if (change.rule() != null && change.rule().enabled()) {
            return;
        }
        // Deleted or disabled: its open episodes end now, said to whoever was told they started.
        ctx.applyToKeyedState(episodesDescriptor(), (unit, state) -> {
            List<String> done = new ArrayList<>();
            for (Map.Entry<String, RuleEpisode> e : state.entries()) {
                RuleEpisode ep = e.getValue();
                if (!ep.ruleId().equals(change.ruleId())) {
                    continue;
                }
                if (ep.phase() != RuleEpisode.WAITING) {
                    emit(out, alert(ep, Alert.State.RESOLVED, ep.finding().startedAt(), ep.finding().value(),
                            AlertMessages.ruleRemoved(change.ruleId(), change.rule() == null,
                                    found(ep, ep.conditionAtMillis(), ep.conditionAtMillis()))));
                }
                done.add(e.getKey());
            }
            for (String k : done) {
                state.remove(k);
            }
        });
    }

    private boolean applies(AlertRule rule, Finding finding) {
        if (!rule.kind().equals(finding.kind())) {
            return false;
        }
        // A checkpoint-turnout finding is already one rule's own.
        if (AnomalyKind.TURNOUT_BELOW.name().equals(rule.kind()) && !rule.ruleId().equals(finding.ruleId())) {
            return false;
        }
        return RuleBook.covers(rule, registry, finding.unitId());
    }

    /**
     * When the rule's condition holds: a silence rule waits for its own minutes since the last reading;
     * any other holds from the moment (event time) the detector found it.
     */
    private long conditionAt(AlertRule rule, Finding finding, long now) {
        if (AnomalyKind.SILENT_STATION.name().equals(rule.kind()) && rule.threshold() != null) {
            long minutes = Math.max(rule.threshold().longValue(), silenceBaseMinutes);
            return finding.startedMillis() + minutes * MINUTE;
        }
        return now;
    }

    private RuleEpisode advance(RuleEpisode ep, long now, Collector<Alert> out) {
        if (ep.phase() == RuleEpisode.WAITING && now >= ep.conditionAtMillis()) {
            if (ep.fireAtMillis() > ep.conditionAtMillis()) {
                emit(out, alert(ep, Alert.State.PENDING, null, value(ep, ep.conditionAtMillis()),
                        found(ep, ep.conditionAtMillis(), now)));
                ep = ep.inPhase(RuleEpisode.PENDING);
            } else {
                emit(out, alert(ep, Alert.State.FIRING, null, value(ep, ep.conditionAtMillis()),
                        found(ep, ep.conditionAtMillis(), now)));
                return ep.inPhase(RuleEpisode.FIRING);
            }
        }
        if (ep.phase() == RuleEpisode.PENDING && now >= ep.fireAtMillis()) {
            emit(out, alert(ep, Alert.State.FIRING, null, value(ep, ep.fireAtMillis()), found(ep, ep.fireAtMillis(), now)));
            return ep.inPhase(RuleEpisode.FIRING);
        }
        return ep;
    }

    private void resolve(Finding end, Collector<Alert> out) throws Exception {
        List<String> done = new ArrayList<>();
        for (Map.Entry<String, RuleEpisode> e : entries()) {
            RuleEpisode ep = e.getValue();
            if (!ep.finding().sameEpisode(end)) {
                continue;
            }
            if (ep.phase() != RuleEpisode.WAITING) {
                emit(out, alert(ep, Alert.State.RESOLVED, end.endedAt(), end.value(),
                        AlertMessages.resolved(end, unitName(end.unitId()))));
            }
            done.add(e.getKey());
        }
        for (String k : done) {
            episodes.remove(k);
        }
    }

    private void emit(Collector<Alert> out, Alert alert) {
        if (notifications != null) {
            notifications.inc();
        }
        out.collect(alert);
    }

    /** The rule's notification: the episode id follows from the rule, the unit and the finding's start. */
    private static Alert alert(RuleEpisode ep, Alert.State state, String endedAt, BigDecimal value,
                               AlertMessages.Message message) {
        Finding f = ep.finding();
        String startedAt = f.startedAt();
        return new Alert(Alert.episodeId(ep.ruleId(), f.unitId(), startedAt), ep.ruleId(), f.kind(), f.unitId(),
                f.level(), ep.severity(), state, value, ep.threshold() != null ? ep.threshold() : f.threshold(),
                startedAt, state == Alert.State.RESOLVED ? endedAt : null, message.english(), message.vietnamese());
    }

    /** For a silence, the minutes silent when the rule speaks; otherwise what the detector measured. */
    private static BigDecimal value(RuleEpisode ep, long atMillis) {
        if (ep.silence() && atMillis != Long.MIN_VALUE) {
            long started = ep.finding().startedMillis();
            return BigDecimal.valueOf(Math.max(0, (atMillis - started) / MINUTE)).max(ep.finding().value());
        }
        return ep.finding().value();
    }

    /**
     * What the open episode says of the moment {@code atMillis} it holds for (a silence: the minutes silent by
     * then), written at {@code now} (times of another day than now's get their date).
     */
    private AlertMessages.Message found(RuleEpisode ep, long atMillis, long now) {
        Finding f = ep.finding();
        return AlertMessages.found(f, value(ep, atMillis), Math.max(atMillis, now), unitName(f.unitId()));
    }

    private String unitName(String unitId) {
        return registry.find(unitId).map(Unit::name).orElse(unitId);
    }

    private Iterable<Map.Entry<String, RuleEpisode>> entries() throws Exception {
        List<Map.Entry<String, RuleEpisode>> copy = new ArrayList<>();
        for (Map.Entry<String, RuleEpisode> e : episodes.entries()) {
            copy.add(Map.entry(e.getKey(), e.getValue()));
        }
        return copy;
    }

    private static long now(Long elementTime, long watermark) {
        long t = elementTime != null ? elementTime : watermark;
        return Math.max(t, watermark);
    }
}
