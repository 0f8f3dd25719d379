package vn.election.jobs.functions.rules;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import vn.election.jobs.TurnoutJobConfig;
import vn.election.jobs.records.AlertRuleChange;
import vn.election.jobs.records.Finding;
import vn.election.jobs.records.HistoryPoint;
import vn.election.model.alert.Alert;

/** Wires the rules stage: checkpoint-turnout findings from the curves, then every finding through the lifecycle. */
public final class AlertRules {

    private AlertRules() {
    }

    /**
     * @param findings the detectors' findings (firing, then resolved)
     * @param history the units' 5-minute curve points
     * @param ruleChanges rule changes at run time (may be an empty stream)
     */
    public static DataStream<Alert> apply(DataStream<Finding> findings, DataStream<HistoryPoint> history,
                                          DataStream<AlertRuleChange> ruleChanges, TurnoutJobConfig config) {
        BroadcastStream<AlertRuleChange> rules = ruleChanges.broadcast(RuleBook.CHANGES);
        DataStream<Finding> checkpointFindings = history
                .keyBy(HistoryPoint::unitId, Types.STRING)
                .connect(rules)
                .process(new CheckpointTurnout(config.registry(), config.rules())).returns(Finding.class)
                .name("judge curves against turnout rules").uid("rules-checkpoint-turnout");
        return findings.union(checkpointFindings)
                .keyBy(Finding::unitId, Types.STRING)
                .connect(rules)
                .process(new AlertLifecycle(config.registry(), config.rules(),
                        config.detectors().silenceThreshold().toMinutes())).returns(Alert.class)
                .name("alert rules: pending, firing, recovering, resolved").uid("rules-lifecycle");
    }
}
