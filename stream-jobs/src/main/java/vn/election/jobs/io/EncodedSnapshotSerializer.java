package vn.election.jobs.io;

import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import vn.election.jobs.records.EncodedSnapshot;

/** Writes snapshots the shard stage already encoded to the compacted units topic, as they are. */
public class EncodedSnapshotSerializer implements KafkaRecordSerializationSchema<EncodedSnapshot> {

    private final String topic;

    public EncodedSnapshotSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(EncodedSnapshot s, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(topic, s.key(), s.value());
    }
}
