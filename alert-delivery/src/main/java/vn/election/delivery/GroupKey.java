package vn.election.delivery;

import vn.election.model.alert.Alert;

/**
 * What alerts are grouped by, as Alertmanager's {@code group_by}: the kind, the state and the unit at
 * the grouping level (the province by default) that the alert's unit lies in.
 */
public record GroupKey(String kind, Alert.State state, String unitId) {

    /** The key's text form, as in the notification's {@code group_key}: {@code kind/state/unit}. */
    public String text() {
        return kind + "/" + state.wire() + "/" + unitId;
    }
}
