package vn.election.jobs.records;

import vn.election.model.alert.AlertRule;

/**
 * A change of the alert rules read from {@code turnout.alert-rules}: the rule now in force under
 * {@code ruleId}, or null when it was deleted (a tombstone).
 */
public record AlertRuleChange(String ruleId, AlertRule rule) {
}
