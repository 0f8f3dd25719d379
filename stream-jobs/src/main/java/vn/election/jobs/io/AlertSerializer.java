package vn.election.jobs.io;

import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import vn.election.model.alert.Alert;
import vn.election.model.alert.AlertCodec;

/** Writes an alert notification to the alerts topic as docs/contract.md's JSON, keyed by alert_id (one episode, one key). */
public class AlertSerializer implements KafkaRecordSerializationSchema<Alert> {

    private final String topic;

    public AlertSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(Alert alert, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(topic, alert.alertId().getBytes(StandardCharsets.UTF_8), AlertCodec.encode(alert));
    }
}
