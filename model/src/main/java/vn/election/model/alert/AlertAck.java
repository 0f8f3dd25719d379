package vn.election.model.alert;

import java.util.Objects;

/**
 * An operator's acknowledgement of one alert episode, shared by every dashboard through
 * {@code turnout.alert-acks}: who acknowledged {@code alertId}, and when (ISO-8601 instant).
 */
public record AlertAck(String alertId, String by, String at) {

    /** Longest operator name kept; longer names are refused at the API. */
    public static final int MAX_BY = 80;

    public AlertAck {
        Objects.requireNonNull(alertId, "alertId");
        Objects.requireNonNull(at, "at");
        by = by == null || by.isBlank() ? null : by.strip();
    }
}
