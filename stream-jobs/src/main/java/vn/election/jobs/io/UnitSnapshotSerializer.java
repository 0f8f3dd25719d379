package vn.election.jobs.io;

import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import vn.election.jobs.RegistryRef;
import vn.election.jobs.records.UnitUpdate;
import vn.election.model.registry.Registry;
import vn.election.model.unit.UnitSnapshotCodec;

/** Writes a unit update to the compacted units topic as CONTRACT.md's unit JSON, keyed by unit id. */
public class UnitSnapshotSerializer implements KafkaRecordSerializationSchema<UnitUpdate> {

    private final String topic;
    private final RegistryRef registryRef;
    private transient Registry registry;

    public UnitSnapshotSerializer(String topic, RegistryRef registryRef) {
        this.topic = topic;
        this.registryRef = registryRef;
    }

    @Override
    public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
        registry = registryRef.load();
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(UnitUpdate update, KafkaSinkContext context, Long timestamp) {
        if (registry == null) {
            registry = registryRef.load();
        }
        return new ProducerRecord<>(topic, update.unitId().getBytes(StandardCharsets.UTF_8),
                UnitSnapshotCodec.encode(UnitUpdateSnapshots.of(registry, update)));
    }
}
