package vn.election.model.topic;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import vn.election.model.alert.Alert;
import vn.election.model.alert.AlertAck;
import vn.election.model.alert.AlertAckCodec;
import vn.election.model.alert.AlertCodec;
import vn.election.model.alert.AlertRule;
import vn.election.model.alert.AlertRuleCodec;
import vn.election.model.correction.Correction;
import vn.election.model.correction.CorrectionCodec;
import vn.election.model.history.HistoryPointCodec;
import vn.election.model.history.HistoryRecord;
import vn.election.model.reading.Reading;
import vn.election.model.reading.ReadingCodec;
import vn.election.model.unit.UnitSnapshot;
import vn.election.model.unit.UnitSnapshotCodec;

/**
 * Every topic of the system, named once, with its codecs and settings (docs/topics.md has their records);
 * {@link TopicAdmin} creates them.
 */
public final class Topics {

    /** Kept a week: a replay or a late dashboard reads the whole day back. */
    private static final Map<String, String> KEPT_A_WEEK = Map.of("cleanup.policy", "delete",
            "retention.ms", String.valueOf(7L * 24 * 3600 * 1000));
    /** The latest record per key is what counts, so a reader rebuilds its state from the start. */
    private static final Map<String, String> COMPACTED = Map.of("cleanup.policy", "compact",
            "min.cleanable.dirty.ratio", "0.1", "segment.ms", "600000");

    /** Readings from ingest, simulator and replay; key station_id so one polling area stays in order. */
    public static final Topic<String, Reading> READINGS = Topic.json("turnout.readings", ReadingCodec::encode, ReadingCodec::decode, KEPT_A_WEEK);
    /** Latest figures per unit, key unit_id. */
    public static final Topic<String, UnitSnapshot> UNITS = Topic.json("turnout.units", UnitSnapshotCodec::encode, UnitSnapshotCodec::decode, COMPACTED);
    /** Alert notifications, key alert_id, so an episode stays in order and compacts to its last state. */
    public static final Topic<String, Alert> ALERTS = Topic.json("turnout.alerts", AlertCodec::encode, AlertCodec::decode, COMPACTED);
    /** Operators' acknowledgements, key {@code alert_id#ack_id} (older records: alert_id), so compaction keeps every one. */
    public static final Topic<String, AlertAck> ALERT_ACKS = Topic.json("turnout.alert-acks", AlertAckCodec::encode, AlertAckCodec::decode, COMPACTED);
    /** Alert rules changed at run time, key rule_id, a tombstone deletes; the job (re)starting reads the rules in force. */
    public static final Topic<String, AlertRule> ALERT_RULES = Topic.json("turnout.alert-rules", AlertRuleCodec::encode, AlertRuleCodec::decode, COMPACTED);
    /** A unit's turnout curve, one point per unit per 5-minute bucket of event time, key unit_id; every point matters. */
    public static final Topic<String, HistoryRecord> HISTORY = Topic.json("turnout.history", HistoryPointCodec::encode, HistoryPointCodec::decode, KEPT_A_WEEK);
    /** Readings that lowered a source's counter or changed a list, before and after, key station_id; kept like readings. */
    public static final Topic<String, Correction> CORRECTIONS = Topic.json("turnout.corrections", CorrectionCodec::encode, CorrectionCodec::decode, KEPT_A_WEEK);
    /** Records the turnout job refused, with the reason; value is a small JSON object, no key. */
    public static final Topic<String, byte[]> REJECTED = new Topic<>("turnout.rejected", new StringSerializer(),
            new StringDeserializer(), new ByteArraySerializer(), new ByteArrayDeserializer(), Map.of());

    private Topics() {
    }

    public static List<Topic<?, ?>> all() {
        return List.of(READINGS, UNITS, REJECTED, ALERTS, ALERT_ACKS, ALERT_RULES, HISTORY, CORRECTIONS);
    }
}
