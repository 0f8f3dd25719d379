package vn.election.dashboard.state;

import java.util.Objects;
import vn.election.model.alert.AlertAck;

/**
 * One operator's acknowledgement of one alert episode, as kept in its history: docs/contract.md's
 * {@code {alert_id, by, at}} plus the id that keeps it apart from the others on the compacted topic, an
 * optional note, and whether {@code by} is a signed-in user's name (true) or what an open loopback
 * instance's client wrote (false).
 *
 * @param ackId unique per acknowledgement; null for a record written before histories (then keyed by alert_id alone)
 */
public record Acknowledgement(String alertId, String ackId, String by, String at, String note, boolean signedIn) {

    /** Longest note kept; longer notes are refused at the API. */
    public static final int MAX_NOTE = 200;
    /** Longest ack id read from the topic (a UUID has 36 characters). */
    static final int MAX_ACK_ID = 64;

    public Acknowledgement {
        Objects.requireNonNull(alertId, "alertId");
        Objects.requireNonNull(at, "at");
        by = by == null || by.isBlank() ? null : by.strip();
        note = note == null || note.isBlank() ? null : note.strip();
    }

    /** A record of the topic from before histories: no id, no note, not signed in. */
    static Acknowledgement legacy(AlertAck ack) {
        return new Acknowledgement(ack.alertId(), null, ack.by(), ack.at(), null, false);
    }

    /**
     * The record's key on {@code turnout.alert-acks}: {@code alert_id} and the ack id, so compaction by key
     * keeps every acknowledgement of an episode, not just the last one.
     */
    public String topicKey() {
        return ackId == null ? alertId : alertId + "#" + ackId;
    }

    /** True when both are the same acknowledgement (read back from Kafka after it was shown at once). */
    boolean sameAs(Acknowledgement other) {
        return ackId != null ? ackId.equals(other.ackId) : equals(other);
    }
}
