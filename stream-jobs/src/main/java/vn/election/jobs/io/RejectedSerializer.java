package vn.election.jobs.io;

import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import vn.election.model.reading.RejectedReading;

/** Writes a refused record with its reason to the rejected topic. */
public class RejectedSerializer implements KafkaRecordSerializationSchema<RejectedReading> {

    private final String topic;

    public RejectedSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(RejectedReading rejected, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(topic, null, rejected.encode());
    }
}
