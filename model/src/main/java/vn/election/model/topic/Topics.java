package vn.election.model.topic;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import vn.election.model.alert.Alert;
import vn.election.model.alert.AlertAck;
import vn.election.model.alert.AlertAckCodec;
import vn.election.model.alert.AlertCodec;
import vn.election.model.alert.AlertRule;
import vn.election.model.alert.AlertRuleCodec;
import vn.election.model.history.HistoryPointCodec;
import vn.election.model.history.HistoryRecord;
import vn.election.model.reading.Reading;
import vn.election.model.reading.ReadingCodec;
import vn.election.model.unit.UnitSnapshot;
import vn.election.model.unit.UnitSnapshotCodec;

/** Every topic of the system, named once, with its key and value codecs. */
public final class Topics {

    /** Readings from ingest, simulator and replay; key station_id so one polling area stays in order. */
    public static final Topic<String, Reading> READINGS = new Topic<>("turnout.readings",
            new StringSerializer(), new StringDeserializer(),
            (Serializer<Reading>) (t, r) -> r == null ? null : ReadingCodec.encode(r),
            (Deserializer<Reading>) (t, b) -> decodeReading(b),
            Map.of("retention.ms", String.valueOf(7L * 24 * 3600 * 1000)));

    /** Latest figures per unit; compacted so a dashboard rebuilds its state by reading it from the start. */
    public static final Topic<String, UnitSnapshot> UNITS = new Topic<>("turnout.units",
            new StringSerializer(), new StringDeserializer(),
            (Serializer<UnitSnapshot>) (t, s) -> s == null ? null : UnitSnapshotCodec.encode(s),
            (Deserializer<UnitSnapshot>) (t, b) -> decodeSnapshot(b),
            Map.of("cleanup.policy", "compact", "min.cleanable.dirty.ratio", "0.1", "segment.ms", "600000"));

    /** Records the turnout job refused, with the reason; value is a small JSON object. */
    public static final Topic<String, byte[]> REJECTED = new Topic<>("turnout.rejected",
            new StringSerializer(), new StringDeserializer(), new ByteArraySerializer(), new ByteArrayDeserializer(),
            Map.of());

    /** Alert notifications (docs/contract.md's alert JSON); key alert_id, so an episode stays in order and compacts to its last state. */
    public static final Topic<String, Alert> ALERTS = new Topic<>("turnout.alerts",
            new StringSerializer(), new StringDeserializer(),
            (Serializer<Alert>) (t, a) -> a == null ? null : AlertCodec.encode(a),
            (Deserializer<Alert>) (t, b) -> decodeAlert(b),
            Map.of("cleanup.policy", "compact", "min.cleanable.dirty.ratio", "0.1", "segment.ms", "600000"));

    /**
     * Operators' acknowledgements of alerts, written by any dashboard and read by all of them; the dashboard
     * keys each {@code alert_id#ack_id} (records from before acknowledgement histories: alert_id), so compaction
     * keeps every one (docs/topics.md).
     */
    public static final Topic<String, AlertAck> ALERT_ACKS = new Topic<>("turnout.alert-acks",
            new StringSerializer(), new StringDeserializer(),
            (Serializer<AlertAck>) (t, a) -> a == null ? null : AlertAckCodec.encode(a),
            (Deserializer<AlertAck>) (t, b) -> decodeAck(b),
            Map.of("cleanup.policy", "compact", "min.cleanable.dirty.ratio", "0.1", "segment.ms", "600000"));

    /**
     * Alert rules changed at run time, broadcast into the turnout job; key rule_id, value the rule, a
     * tombstone deletes it; compacted, so the job (re)starting reads the rules in force.
     */
    public static final Topic<String, AlertRule> ALERT_RULES = new Topic<>("turnout.alert-rules",
            new StringSerializer(), new StringDeserializer(),
            (Serializer<AlertRule>) (t, r) -> r == null ? null : AlertRuleCodec.encode(r),
            (Deserializer<AlertRule>) (t, b) -> b == null ? null : AlertRuleCodec.decode(b),
            Map.of("cleanup.policy", "compact", "min.cleanable.dirty.ratio", "0.1", "segment.ms", "600000"));

    /**
     * A unit's turnout curve: one point per unit per 5-minute bucket of event time; key unit_id, so a
     * unit's points stay in order. Not compacted, since every point matters; kept 7 days.
     */
    public static final Topic<String, HistoryRecord> HISTORY = new Topic<>("turnout.history",
            new StringSerializer(), new StringDeserializer(),
            (Serializer<HistoryRecord>) (t, h) -> h == null ? null : HistoryPointCodec.encode(h),
            (Deserializer<HistoryRecord>) (t, b) -> decodeHistory(b),
            Map.of("cleanup.policy", "delete", "retention.ms", String.valueOf(7L * 24 * 3600 * 1000)));

    private Topics() {
    }

    public static List<Topic<?, ?>> all() {
        return List.of(READINGS, UNITS, REJECTED, ALERTS, ALERT_ACKS, ALERT_RULES, HISTORY);
    }

    /**
     * Creates every topic that does not exist yet (existing ones are left as they are), then waits until
     * each partition's leader serves requests: a write to a partition whose leader is not ready yet can
     * leave an idempotent producer's sequence numbers out of step with the broker.
     */
    public static void createAll(Admin admin, String prefix, int partitions, short replication) {
        Set<String> existing;
        try {
            existing = admin.listTopics().names().get();
            List<NewTopic> missing = all().stream().map(t -> t.withPrefix(prefix)).filter(t -> !existing.contains(t.name()))
                    .map(t -> new NewTopic(t.name(), Optional.of(partitions), Optional.of(replication)).configs(t.config()))
                    .toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
                awaitLeaders(admin, missing.stream().map(NewTopic::name).toList(), Duration.ofSeconds(30));
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topics: " + e.getCause().getMessage(), e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    /** Waits until the leader of every partition of {@code topics} answers a ListOffsets request. */
    static void awaitLeaders(Admin admin, List<String> topics, Duration timeout)
            throws InterruptedException, ExecutionException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
                admin.describeTopics(topics).allTopicNames().get().forEach((name, d) -> d.partitions()
                        .forEach(p -> partitions.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
                admin.listOffsets(partitions).all().get();
                return;
            } catch (ExecutionException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50);   // leadership is a matter of milliseconds on a healthy broker
            }
        }
    }

    private static Alert decodeAlert(byte[] bytes) {
        try {
            return bytes == null ? null : AlertCodec.decode(bytes);
        } catch (IllegalArgumentException e) {
            throw new org.apache.kafka.common.errors.SerializationException(e.getMessage(), e);
        }
    }

    private static AlertAck decodeAck(byte[] bytes) {
        try {
            return bytes == null ? null : AlertAckCodec.decode(bytes);
        } catch (IllegalArgumentException e) {
            throw new org.apache.kafka.common.errors.SerializationException(e.getMessage(), e);
        }
    }

    private static HistoryRecord decodeHistory(byte[] bytes) {
        try {
            return bytes == null ? null : HistoryPointCodec.decode(bytes);
        } catch (IllegalArgumentException e) {
            throw new org.apache.kafka.common.errors.SerializationException(e.getMessage(), e);
        }
    }

    private static UnitSnapshot decodeSnapshot(byte[] bytes) {
        try {
            return bytes == null ? null : UnitSnapshotCodec.decode(bytes);
        } catch (IllegalArgumentException e) {
            throw new org.apache.kafka.common.errors.SerializationException(e.getMessage(), e);
        }
    }

    private static Reading decodeReading(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            return ReadingCodec.decode(bytes);
        } catch (vn.election.model.reading.InvalidReadingException e) {
            throw new org.apache.kafka.common.errors.SerializationException(
                    "invalid reading " + new String(bytes, 0, Math.min(bytes.length, 200), StandardCharsets.UTF_8)
                            + ": " + e.getMessage());
        }
    }
}
