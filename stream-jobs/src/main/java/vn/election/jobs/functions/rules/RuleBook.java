package vn.election.jobs.functions.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import vn.election.jobs.records.AlertRuleChange;
import vn.election.model.alert.AlertRule;
import vn.election.model.registry.Registry;
import vn.election.model.registry.Unit;

/**
 * The alert rules in force: the ones the job started with, overlaid by the changes broadcast from
 * {@code turnout.alert-rules} (kept in broadcast state, so they survive a restart from a checkpoint);
 * answers which rules apply to a finding.
 */
public final class RuleBook {

    /** Broadcast state: rule id to its latest change (a deletion kept as a change without a rule). */
    public static final MapStateDescriptor<String, AlertRuleChange> CHANGES = new MapStateDescriptor<>(
            "alert-rule-changes", Types.STRING, TypeInformation.of(AlertRuleChange.class));

    private RuleBook() {
    }

    /** The enabled rules: the initial ones, replaced or deleted by id by the changes, then the added ones. */
    public static List<AlertRule> inForce(List<AlertRule> initial, Iterable<Map.Entry<String, AlertRuleChange>> changes) {
        Map<String, AlertRule> rules = new LinkedHashMap<>();
        initial.forEach(r -> rules.put(r.ruleId(), r));
        for (Map.Entry<String, AlertRuleChange> e : changes) {
            if (e.getValue().rule() == null) {
                rules.remove(e.getKey());
            } else {
                rules.put(e.getKey(), e.getValue().rule());
            }
        }
        List<AlertRule> out = new ArrayList<>();
        for (AlertRule r : rules.values()) {
            if (r.enabled()) {
                out.add(r);
            }
        }
        return out;
    }

    /** Whether the rule covers this unit: its subtree scope and its level scope, when given. */
    public static boolean covers(AlertRule rule, Registry registry, String unitId) {
        Unit unit = registry.find(unitId).orElse(null);
        if (unit == null) {
            return false;
        }
        if (rule.scopeLevel() != null && !rule.scopeLevel().equals(unit.level())) {
            return false;
        }
        return rule.scopeUnit() == null
                || (registry.find(rule.scopeUnit()).isPresent() && registry.isWithin(unitId, rule.scopeUnit()));
    }
}
