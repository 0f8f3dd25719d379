package vn.election.jobs.io;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import vn.election.jobs.records.HistoryPoint;
import vn.election.model.history.HistoryPointCodec;
import vn.election.model.history.HistoryRecord;

/**
 * Writes a history point to the history topic as {@link HistoryPointCodec}'s JSON, keyed by unit id
 * so a unit's points stay in order. The Kafka timestamp is left to the producer: a replayed election
 * has event times years old, and the topic's retention must not delete its points at once.
 */
public class HistorySerializer implements KafkaRecordSerializationSchema<HistoryPoint> {

    private final String topic;

    public HistorySerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(HistoryPoint point, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(topic, point.unitId().getBytes(StandardCharsets.UTF_8),
                HistoryPointCodec.encode(toRecord(point)));
    }

    /** The consumers' view of a point: the bucket end in the unit's offset, unknown rates as null. */
    public static HistoryRecord toRecord(HistoryPoint p) {
        return new HistoryRecord(p.unitId(),
                Instant.ofEpochMilli(p.bucketEndMillis()).atOffset(ZoneOffset.ofTotalSeconds(p.offsetSeconds())),
                p.voted(), p.registered(), p.reporting(),
                p.votedPer15Min() == HistoryPoint.UNKNOWN ? null : p.votedPer15Min(),
                p.votedPerHour() == HistoryPoint.UNKNOWN ? null : p.votedPerHour(), p.open());
    }
}
