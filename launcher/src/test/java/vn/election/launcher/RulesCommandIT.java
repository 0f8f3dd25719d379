package vn.election.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.election.model.alert.AlertRule;
import vn.election.model.alert.AlertRuleCodec;
import vn.election.model.topic.Topic;
import vn.election.model.topic.Topics;
import vn.election.testing.SharedKafka;
import vn.election.testing.TopicDrain;

/** {@code rules publish} and {@code rules delete} against a real broker: the rules reach the topic, a delete is a tombstone. */
class RulesCommandIT {

    @Test
    void publishesTheBundledRulesAndDeletesOne(@TempDir Path dir) throws Exception {
        String prefix = SharedKafka.freshPrefix("rulesCommand", 1);
        Path file = dir.resolve("rules.json");
        Files.writeString(file, CommandRun.of("rules", "defaults").out());
        List<AlertRule> rules = AlertRuleCodec.decodeAll(Files.readAllBytes(file));

        // Failed before with Kafka 4 clients: delivery.timeout.ms below linger.ms + request.timeout.ms.
        CommandRun published = CommandRun.of("rules", "publish", file.toString(), "--kafka", SharedKafka.bootstrapServers(),
                "--topic-prefix", prefix);
        assertThat(published.exitCode()).as(published.err()).isZero();
        String deletedId = rules.get(0).ruleId();
        CommandRun deleted = CommandRun.of("rules", "delete", deletedId, "--kafka", SharedKafka.bootstrapServers(),
                "--topic-prefix", prefix);
        assertThat(deleted.exitCode()).as(deleted.err()).isZero();

        Topic<String, AlertRule> topic = Topics.ALERT_RULES.withPrefix(prefix);
        List<ConsumerRecord<String, AlertRule>> records = TopicDrain.readUntil(topic,
                r -> r.size() >= rules.size() + 1, Duration.ofSeconds(30));
        assertThat(records).hasSize(rules.size() + 1);
        assertThat(records.subList(0, rules.size())).extracting(ConsumerRecord::key)
                .containsExactlyElementsOf(rules.stream().map(AlertRule::ruleId).toList());
        assertThat(records.subList(0, rules.size())).extracting(ConsumerRecord::value).containsExactlyElementsOf(rules);
        ConsumerRecord<String, AlertRule> tombstone = records.get(rules.size());
        assertThat(tombstone.key()).isEqualTo(deletedId);
        assertThat(tombstone.value()).isNull();
    }
}
