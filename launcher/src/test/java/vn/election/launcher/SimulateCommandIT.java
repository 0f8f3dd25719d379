package vn.election.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import vn.election.model.reading.Reading;
import vn.election.model.registry.RegistryLoader;
import vn.election.model.topic.Topics;
import vn.election.testing.ReferenceTally;
import vn.election.testing.SharedKafka;
import vn.election.testing.TopicDrain;

/** {@code election-day simulate} into a real broker: the truth and labels files say what reached Kafka. */
class SimulateCommandIT {

    @Test
    void playsADayIntoKafkaAndWritesTheTruthAndTheLabels(@TempDir Path dir) throws Exception {
        String prefix = SharedKafka.freshPrefix("simulateCommand");
        Path truth = dir.resolve("truth.csv");
        Path labels = dir.resolve("labels.jsonl");
        CommandLine cli = ElectionDay.commandLine();
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        int code = cli.execute("simulate", "--kafka", SharedKafka.bootstrapServers(), "--topic-prefix", prefix,
                "--seed", "5", "--truth", truth.toString(), "--labels", labels.toString());

        assertThat(code).as(out.toString()).isZero();
        assertThat(out.toString()).contains("Simulating 144 polling areas").contains("Final:").contains("Injected:");
        List<String> truthLines = Files.readAllLines(truth);
        assertThat(truthLines.get(0)).isEqualTo("unit_id,voted,registered");
        String[] nation = truthLines.get(1).split(",");
        long sent = Long.parseLong(out.toString().replaceAll("(?s).*Delivered ([0-9,]+) readings.*", "$1").replace(",", ""));

        List<ConsumerRecord<String, Reading>> records = TopicDrain.readUntil(Topics.READINGS.withPrefix(prefix),
                r -> r.size() >= sent, Duration.ofSeconds(30));
        assertThat(records).hasSize((int) sent);
        var expected = new ReferenceTally(RegistryLoader.bundledDemo())
                .addAll(records.stream().map(ConsumerRecord::value).toList()).expected().get("VN");
        assertThat(nation[0]).isEqualTo("VN");
        assertThat(Long.parseLong(nation[1])).isEqualTo(expected.voted());
        assertThat(Long.parseLong(nation[2])).isEqualTo(expected.registered());
        assertThat(truthLines).hasSize(2 + 144);
        assertThat(Files.readAllLines(labels)).isNotEmpty()
                .anySatisfy(l -> assertThat(l).contains("\"kind\":\"SILENT_STATION\"").contains("\"anomaly\":true"));
    }
}
