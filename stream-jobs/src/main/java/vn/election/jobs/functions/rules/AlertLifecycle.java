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
import org.apache.flink.streaming.api.TimerService;
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
 * the rule's pending period (event time) and then fires, and resolves with its finding: at once, or after
 * the rule's recovery period, recovering meanwhile and firing again as the same episode if the condition
 * returns; rule changes arrive as broadcast elements and apply at once, a deleted or disabled rule
 * resolving its open episodes.
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
            resolve(finding, ctx.timerService(), out);
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
                // A repeat: keep the episode as it is (a recovering one keeps the end it waits out).
                if (known.phase() != RuleEpisode.RECOVERING) {
                    episodes.put(key, known.withFinding(finding));
                }
                continue;
            }
            long conditionAt = conditionAt(rule, finding, now);
            RuleEpisode ep = new RuleEpisode(rule.ruleId(), rule.severity(), rule.threshold(),
                    AnomalyKind.SILENT_STATION.name().equals(finding.kind()), finding.startedAt(), finding,
                    RuleEpisode.WAITING, conditionAt, conditionAt + rule.pendingMinutes() * MINUTE,
                    rule.recoveryMinutes() * MINUTE);
            ep = advance(ep, now, out);
            episodes.put(key, ep);
            schedule(ctx.timerService(), ep);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        for (Map.Entry<String, RuleEpisode> e : entries()) {
            // Read again: an episode returning to firing may have taken a recovering one's place in this loop.
            RuleEpisode ep = episodes.get(e.getKey());
            if (ep == null || ep.nextDueMillis() > timestamp) {
                continue;
            }
            RuleEpisode moved = advance(ep, timestamp, out);
            if (moved == null) {
                episodes.remove(e.getKey());
            } else {
                episodes.put(e.getKey(), moved);
                schedule(ctx.timerService(), moved);
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
                if (ep.phase() == RuleEpisode.RECOVERING) {
                    // Its condition had already cleared: it ended then, not when the rule went.
                    emit(out, alert(ep, Alert.State.RESOLVED, ep.finding().endedAt(), ep.finding().value(),
                            AlertMessages.ruleRemoved(change.ruleId(), change.rule() == null,
                                    AlertMessages.resolved(ep.finding(), unitName(ep.finding().unitId())))));
                } else if (ep.phase() != RuleEpisode.WAITING) {
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

    /**
     * Moves the episode on to event time {@code now}, saying each step: the condition holds (pending, or firing; or
     * firing again as the recovering episode it continues), the pending period ends, the recovery period ends.
     * Returns the episode as it is now, or null once it resolved.
     */
    private RuleEpisode advance(RuleEpisode ep, long now, Collector<Alert> out) throws Exception {
        if (ep.phase() == RuleEpisode.WAITING && now >= ep.conditionAtMillis()) {
            RuleEpisode back = returnToFiring(ep, now, out);
            if (back != null) {
                return back;
            }
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
        if (ep.phase() == RuleEpisode.RECOVERING && now >= ep.recoveredAtMillis()) {
            // Resolved as of when the condition last cleared, not when the wait for it to return ended.
            Finding end = ep.finding();
            emit(out, alert(ep, Alert.State.RESOLVED, end.endedAt(), end.value(),
                    AlertMessages.resolved(end, unitName(end.unitId()))));
            return null;
        }
        return ep;
    }

    /**
     * If {@code next} (a new episode whose condition holds now) continues a recovering episode of its rule at this
     * unit, that episode fires again under its own id and start, now over {@code next}'s finding, without a pending
     * period (it had fired already); the recovering entry gives way to it. Returns it, or null when none continues.
     */
    private RuleEpisode returnToFiring(RuleEpisode next, long now, Collector<Alert> out) throws Exception {
        for (Map.Entry<String, RuleEpisode> e : entries()) {
            RuleEpisode was = e.getValue();
            if (!was.returnsWith(next)) {
                continue;
            }
            episodes.remove(e.getKey());
            RuleEpisode back = was.returned(next.finding(), next.conditionAtMillis());
            emit(out, alert(back, Alert.State.FIRING, null, value(back, back.conditionAtMillis()),
                    AlertMessages.returned(found(back, back.conditionAtMillis(), now))));
            return back;
        }
        return null;
    }

    /**
     * The end of a finding: its episodes that had not fired end at once (a pending one says so); a firing one
     * resolves too, or, when its rule has a recovery period, says it is recovering and waits it out.
     */
    private void resolve(Finding end, TimerService timers, Collector<Alert> out) throws Exception {
        List<String> done = new ArrayList<>();
        for (Map.Entry<String, RuleEpisode> e : entries()) {
            RuleEpisode ep = e.getValue();
            if (!ep.finding().sameEpisode(end) || ep.phase() == RuleEpisode.RECOVERING) {
                continue;       // another finding's, or a repeat of the end a recovering episode waits out
            }
            if (ep.phase() == RuleEpisode.FIRING && ep.recoveryMillis() > 0) {
                RuleEpisode recovering = ep.recovering(end);
                emit(out, alert(recovering, Alert.State.RECOVERING, null, end.value(),
                        AlertMessages.recovering(end, unitName(end.unitId()), recovering.recoveredAtMillis())));
                episodes.put(e.getKey(), recovering);
                schedule(timers, recovering);
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

    private static void schedule(TimerService timers, RuleEpisode ep) {
        if (ep.nextDueMillis() != Long.MAX_VALUE) {
            timers.registerEventTimeTimer(ep.nextDueMillis());
        }
    }

    private void emit(Collector<Alert> out, Alert alert) {
        if (notifications != null) {
            notifications.inc();
        }
        out.collect(alert);
    }

    /** The rule's notification: the episode id follows from the rule, the unit and the episode's start. */
    private static Alert alert(RuleEpisode ep, Alert.State state, String endedAt, BigDecimal value,
                               AlertMessages.Message message) {
        Finding f = ep.finding();
        // An episode kept in state from before recovery periods existed has no start of its own: its finding's.
        String startedAt = ep.startedAt() != null ? ep.startedAt() : f.startedAt();
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
