package vn.election.jobs.io;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.election.jobs.records.AlertRuleChange;
import vn.election.model.alert.AlertRuleCodec;

/**
 * Decodes a record of {@code turnout.alert-rules} into a rule change (a tombstone deletes the rule);
 * a record that is not a valid rule is logged and skipped, since a bad rule must never stop the job.
 */
public class RuleChangeDeserializer implements KafkaRecordDeserializationSchema<AlertRuleChange> {

    private static final Logger LOG = LoggerFactory.getLogger(RuleChangeDeserializer.class);

    /**
     * Rule changes have no event time. The rules source emits no watermark and goes idle after a
     * second, so it never holds back the readings' watermark (and never pushes it: a watermark of its
     * own could run ahead of the readings when they are idle).
     */
    public static WatermarkStrategy<AlertRuleChange> watermarks() {
        return WatermarkStrategy.<AlertRuleChange>noWatermarks().withIdleness(Duration.ofSeconds(1));
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<AlertRuleChange> out) {
        if (record.key() == null) {
            LOG.warn("Skipping alert rule record without a key at {}-{}@{}", record.topic(), record.partition(), record.offset());
            return;
        }
        String ruleId = new String(record.key(), StandardCharsets.UTF_8);
        if (record.value() == null) {
            out.collect(new AlertRuleChange(ruleId, null));
            return;
        }
        try {
            var rule = AlertRuleCodec.decode(record.value());
            if (!rule.ruleId().equals(ruleId)) {
                LOG.warn("Skipping alert rule {} at {}-{}@{}: its key says {}", rule.ruleId(), record.topic(),
                        record.partition(), record.offset(), ruleId);
                return;
            }
            out.collect(new AlertRuleChange(ruleId, rule));
        } catch (IllegalArgumentException e) {
            LOG.warn("Skipping invalid alert rule {} at {}-{}@{}: {}", ruleId, record.topic(), record.partition(),
                    record.offset(), e.getMessage());
        }
    }

    @Override
    public TypeInformation<AlertRuleChange> getProducedType() {
        return TypeInformation.of(AlertRuleChange.class);
    }
}
