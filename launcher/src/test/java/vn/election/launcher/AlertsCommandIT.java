package vn.election.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import vn.election.model.alert.Alert;
import vn.election.model.topic.Topic;
import vn.election.model.topic.Topics;
import vn.election.testing.SharedKafka;

class AlertsCommandIT {

    @Test
    void tailPrintsTheAlertsTopicFromTheBeginning() {
        String prefix = SharedKafka.freshPrefix("alertsTail");
        Topic<String, Alert> topic = Topics.ALERTS.withPrefix(prefix);
        Alert a = new Alert(Alert.episodeId("r", "X-1-a-1", "t0"), "r", "SILENT_STATION", "X-1-a-1", "polling_area",
                "warning", Alert.State.FIRING, BigDecimal.TEN, BigDecimal.ONE, "2026-03-15T09:00:00+07:00", null,
                "no reading for 45 minutes");
        try (KafkaProducer<String, Alert> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedKafka.bootstrapServers()), topic.keySerializer(), topic.valueSerializer())) {
            producer.send(new ProducerRecord<>(topic.name(), a.alertId(), a));
            producer.send(new ProducerRecord<>(topic.name(), a.alertId(),
                    a.resolved("2026-03-15T10:00:00+07:00", BigDecimal.ZERO, "reading received")));
        }
        CommandRun o = CommandRun.of("alerts", "tail", "--bootstrap", SharedKafka.bootstrapServers(), "--prefix", prefix,
                "--limit", "2");
        assertThat(o.exitCode()).as(o.err()).isZero();
        assertThat(o.out().lines()).hasSize(2);
        assertThat(o.out()).containsPattern("FIRING +warning +SILENT_STATION +X-1-a-1 +no reading for 45 minutes")
                .containsPattern("RESOLVED +warning +SILENT_STATION +X-1-a-1 +reading received");
        CommandRun missing = CommandRun.of("alerts", "tail", "--bootstrap", SharedKafka.bootstrapServers(), "--prefix",
                "nope-" + prefix, "--limit", "1");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("no topic nope-");
    }
}
