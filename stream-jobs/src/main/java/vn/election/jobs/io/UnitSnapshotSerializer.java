package vn.election.jobs.io;

import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import vn.election.jobs.RegistryRef;
import vn.election.jobs.records.UnitUpdate;

/** Writes a unit update to the compacted units topic as docs/contract.md's unit JSON, keyed by unit id. */
public class UnitSnapshotSerializer implements KafkaRecordSerializationSchema<UnitUpdate> {

    private final String topic;
    private final RegistryRef registryRef;
    private transient UnitSnapshotBytes snapshots;

    public UnitSnapshotSerializer(String topic, RegistryRef registryRef) {
        this.topic = topic;
        this.registryRef = registryRef;
    }

    @Override
    public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
        snapshots = UnitSnapshotBytes.of(registryRef);
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(UnitUpdate update, KafkaSinkContext context, Long timestamp) {
        if (snapshots == null) {
            snapshots = UnitSnapshotBytes.of(registryRef);
        }
        return snapshots.record(topic, update.unitId(), update.figures());
    }
}
