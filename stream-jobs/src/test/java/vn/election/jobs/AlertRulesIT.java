package vn.election.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.election.testing.Readings.reading;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import vn.election.model.alert.Alert;
import vn.election.model.alert.AlertRule;
import vn.election.model.alert.AlertRuleCodec;
import vn.election.model.reading.ReadingCodec;
import vn.election.model.topic.Topics;
import vn.election.testing.SharedKafka;
import vn.election.testing.TestRegistries;
import vn.election.testing.TopicDrain;

/** Rules as data on the running job: a rule changed, added and disabled through Kafka takes effect without a restart. */
class AlertRulesIT {

    private static final AlertRule OVER = new AlertRule("over-100-percent", "OVER_100_PERCENT", null, null, "critical", 0,
            null, null, true, null);
    private static final AlertRule OVER_IN_X2 = new AlertRule("over-100-x2", "OVER_100_PERCENT", "X-2", null, "warning", 0,
            null, null, true, "Province X-2 only");

    @Test
    void aRuleChangedAtRunTimeTakesEffectWithoutRestartingTheJob() throws Exception {
        String prefix = SharedKafka.freshPrefix("alertRules");
        TurnoutJobConfig config = TurnoutJobConfig.defaults(SharedKafka.bootstrapServers(),
                RegistryRef.inline(TestRegistries.TINY_2026_CSV)).withTopicPrefix(prefix).withRules(List.of(OVER));
        JobClient job = LocalTurnoutJob.start(config);
        try (KafkaProducer<String, byte[]> producer = producer()) {
            // X-1-a-1 has 100 voters on its list: 150 is over it.
            send(producer, Topics.READINGS.withPrefix(prefix).name(), "X-1-a-1", ReadingCodec.encode(reading("X-1-a-1", 1, 150, 60)));
            Alert first = awaitAlert(prefix, a -> a.unitId().equals("X-1-a-1") && a.state() == Alert.State.FIRING);
            assertThat(first.ruleId()).isEqualTo("over-100-percent");
            assertThat(first.severity()).isEqualTo("critical");

            // At run time: the rule becomes info, and a rule for province X-2 is added.
            String rules = Topics.ALERT_RULES.withPrefix(prefix).name();
            send(producer, rules, OVER.ruleId(), AlertRuleCodec.encode(OVER.withSeverity("info")));
            send(producer, rules, OVER_IN_X2.ruleId(), AlertRuleCodec.encode(OVER_IN_X2));

            // The readings and the rules are two inputs: keep reporting new over-list areas until one is
            // judged by both changed rules.
            String[] areas = {"X-2-c-1", "X-2-c-2", "X-2-d-1", "X-2-d-2"};
            long[] lists = {500, 600, 700, 800};
            Alert info = null;
            for (int i = 0; i < areas.length * 5 && info == null; i++) {
                String area = areas[i % areas.length];
                send(producer, Topics.READINGS.withPrefix(prefix).name(), area,
                        ReadingCodec.encode(reading(area, 1 + i / areas.length, lists[i % areas.length] + 10 + i, 70 + i)));
                info = findAlert(prefix, a -> a.kind().equals("OVER_100_PERCENT") && a.severity().equals("info")
                        && hasCompanion(prefix, a), Duration.ofSeconds(2)).orElse(null);
            }
            assertThat(info).as("an over-list alert judged by the changed rules").isNotNull();
            Alert x2 = awaitAlert(prefix, a -> a.ruleId().equals("over-100-x2"));
            assertThat(x2.severity()).isEqualTo("warning");
            assertThat(x2.unitId()).startsWith("X-2-");

            // Disabled at run time: its open episodes are resolved, saying why.
            send(producer, rules, OVER.ruleId(), AlertRuleCodec.encode(OVER.withEnabled(false)));
            Alert resolved = awaitAlert(prefix, a -> a.alertId().equals(first.alertId()) && a.state() == Alert.State.RESOLVED);
            assertThat(resolved.message()).startsWith("Rule over-100-percent was disabled");

            assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
        } finally {
            job.cancel().get();
        }
    }

    private static boolean hasCompanion(String prefix, Alert a) {
        return findAlert(prefix, b -> b.ruleId().equals("over-100-x2") && b.unitId().equals(a.unitId()), Duration.ofSeconds(1))
                .isPresent();
    }

    private static Alert awaitAlert(String prefix, java.util.function.Predicate<Alert> wanted) {
        return findAlert(prefix, wanted, Duration.ofSeconds(60))
                .orElseThrow(() -> new AssertionError("no such alert within 60 s"));
    }

    private static Optional<Alert> findAlert(String prefix, java.util.function.Predicate<Alert> wanted, Duration timeout) {
        List<ConsumerRecord<String, Alert>> read = TopicDrain.readUntil(Topics.ALERTS.withPrefix(prefix),
                records -> records.stream().anyMatch(r -> wanted.test(r.value())), timeout);
        return read.stream().map(ConsumerRecord::value).filter(wanted).reduce((x, y) -> y);
    }

    private static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    }

    private static void send(KafkaProducer<String, byte[]> producer, String topic, String key, byte[] value)
            throws ExecutionException, InterruptedException {
        producer.send(new ProducerRecord<>(topic, key, value)).get();
    }
}
