package vn.election.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import vn.election.ingest.IngestConfig;
import vn.election.ingest.IngestServer;
import vn.election.ingest.IngestTokens;
import vn.election.model.reading.Reading;
import vn.election.model.reading.ReadingCodec;
import vn.election.model.registry.Registry;
import vn.election.model.registry.RegistryLoader;
import vn.election.model.registry.Unit;
import vn.election.model.topic.Topic;
import vn.election.model.topic.Topics;
import vn.election.testing.Readings;
import vn.election.testing.SharedKafka;
import vn.election.testing.TopicDrain;

/** {@code election-day replay} end to end: a file, the command line, a real ingest server, the shared real broker. */
class ReplayCommandIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Registry REGISTRY = RegistryLoader.bundledDemo();

    @TempDir
    Path dir;

    private final IngestTokens tokens = new IngestTokens();
    private final String token = tokens.generate("VN");
    private Vertx vertx;
    private IngestServer server;
    private String prefix;
    private Topic<String, Reading> readingsTopic;


    @BeforeEach
    void start(TestInfo info) throws Exception {
        prefix = SharedKafka.freshPrefix(info.getTestMethod().orElseThrow().getName());
        readingsTopic = Topics.READINGS.withPrefix(prefix);
        vertx = Vertx.vertx();
        IngestConfig config = IngestConfig.defaults(SharedKafka.bootstrapServers(), REGISTRY).withPort(0).withTopicPrefix(prefix)
                .withMaxObservedAge(java.time.Duration.ZERO); // a past day replayed: no bound on age
        server = IngestServer.start(vertx, config, tokens).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void replaysAFileSkippingItsBadLinesAndDeliversExactlyTheGoodReadings() throws Exception {
        List<Reading> good = readings(30);
        List<String> lines = new ArrayList<>(good.stream().map(ReadingCodec::toJson).toList());
        lines.add(10, "{\"station_id\": \"VN-22-001-00001-001\", \"seq\": 1,");
        lines.add(20, ReadingCodec.toJson(good.get(0)).replace("\"voted\":0", "\"voted\":12.5"));
        Path file = Files.write(dir.resolve("day.jsonl"), lines);

        CommandRun o = replay(file.toString(), "--to", url(), "--token", token);

        assertThat(o.exitCode()).as(o.out() + o.err()).isEqualTo(1);
        assertThat(o.out()).contains("Replaying " + file + " (JSON lines, ")
                .containsPattern("lines read +32\\b").containsPattern("readings sent +30\\b")
                .containsPattern("accepted +30\\b").containsPattern("refused +0\\b")
                .containsPattern("bad lines +2\\b").containsPattern("failed +0\\b")
                .contains("line 11: malformed JSON", "line 21: voted: must be a whole number, got a fraction (12.5)")
                .contains("Incomplete: 2 bad lines skipped.");
        assertThat(o.err().strip()).isEqualTo("election-day: replay incomplete: 2 bad lines skipped");
        List<ConsumerRecord<String, Reading>> records = TopicDrain.readUntil(readingsTopic, r -> r.size() >= 30, WAIT);
        assertThat(records).extracting(ConsumerRecord::value).containsExactlyInAnyOrderElementsOf(good);
    }

    @Test
    void exitsZeroWhenEveryReadingOfACsvFileIsAccepted() throws Exception {
        List<Reading> good = readings(12);
        StringBuilder csv = new StringBuilder("\uFEFFstation_id,source,seq,observed_at,voted,registered\n");
        for (Reading r : good) {
            csv.append(r.stationId()).append(',').append(r.source()).append(',').append(r.seq()).append(',')
                    .append(r.observedAtLocal()).append(',').append(r.voted()).append(",\n");
        }
        Path file = Files.writeString(dir.resolve("day.csv"), csv);

        CommandRun o = replay(file.toString(), "--to", url() + "/api/v1/readings", "--token", token, "--batch", "5");

        assertThat(o.exitCode()).as(o.out() + o.err()).isZero();
        assertThat(o.out()).containsPattern("accepted +12\\b").endsWith("Complete: every reading of the file was accepted."
                + System.lineSeparator());
        assertThat(o.err()).isEmpty();
        assertThat(TopicDrain.readUntil(readingsTopic, r -> r.size() >= 12, WAIT)).extracting(ConsumerRecord::value)
                .containsExactlyInAnyOrderElementsOf(good);
    }

    @Test
    void reportsTheReadingsIngestRefusesWithItsReasons() throws Exception {
        List<Reading> good = readings(4);
        Reading unknown = Readings.reading("VN-99-001-00001-001", 1, 5, 60);
        List<String> lines = new ArrayList<>(good.stream().map(ReadingCodec::toJson).toList());
        lines.add(2, ReadingCodec.toJson(unknown));
        Path file = Files.write(dir.resolve("day.ndjson"), lines);

        CommandRun o = replay(file.toString(), "--to", url(), "--token", token);

        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.out()).containsPattern("accepted +4\\b").containsPattern("refused +1\\b")
                .contains("VN-99-001-00001-001 main seq 1: station_id: unknown polling area VN-99-001-00001-001");
        assertThat(o.err().strip()).isEqualTo("election-day: replay incomplete: 1 reading refused");
    }

    @Test
    void exitsTwoInOneLineWhenIngestRefusesTheToken() throws Exception {
        Path file = Files.write(dir.resolve("day.jsonl"), readings(3).stream().map(ReadingCodec::toJson).toList());

        CommandRun o = replay(file.toString(), "--to", url(), "--token", IngestTokens.newToken());

        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.err().strip()).doesNotContain("\n")
                .isEqualTo("election-day: token refused by ingest at " + url() + "/api/v1/readings "
                        + "(HTTP 401: Authorization: unknown or revoked token)");
        assertThat(o.out()).containsPattern("failed +3\\b");
    }

    @Test
    void writesStraightToKafkaWithoutIngest() throws Exception {
        List<Reading> good = readings(5);
        List<String> lines = new ArrayList<>(good.stream().map(ReadingCodec::toJson).toList());
        lines.add("not a reading");
        Path file = Files.write(dir.resolve("day.jsonl"), lines);

        CommandRun o = replay(file.toString(), "--kafka", SharedKafka.bootstrapServers(), "--topic-prefix", prefix);

        assertThat(o.exitCode()).as(o.out() + o.err()).isEqualTo(1);
        assertThat(o.out()).contains("to Kafka " + SharedKafka.bootstrapServers() + " topic " + readingsTopic.name())
                .containsPattern("written to Kafka +5\\b").containsPattern("bad lines +1\\b");
        assertThat(TopicDrain.readUntil(readingsTopic, r -> r.size() >= 5, WAIT)).extracting(ConsumerRecord::value)
                .containsExactlyInAnyOrderElementsOf(good);
    }

    @Test
    void refusesBadArgumentsAndUnreadableFilesInOneLine() throws Exception {
        Path file = Files.write(dir.resolve("day.jsonl"), List.of(ReadingCodec.toJson(readings(1).get(0))));
        String missing = dir.resolve("missing.jsonl").toString();

        assertOneLine(replay(missing, "--to", url(), "--token", token), missing + ": no such file");
        assertOneLine(replay(dir.resolve("day.xml").toString(), "--token", token), "cannot tell the format");
        assertOneLine(replay(file.toString(), "--format", "xml", "--token", token), "--format must be jsonl or csv, got 'xml'");
        assertOneLine(replay(file.toString(), "--batch", "0", "--token", token), "--batch must be between 1 and 1000");
        assertOneLine(replay(file.toString(), "--to", "ftp://host", "--token", token), "--to: not an http(s) URL");
        assertOneLine(replay(file.toString(), "--token", " "), "no token: pass --token TOKEN or set ELECTION_DAY_TOKEN");
        assertOneLine(replay(file.toString(), "--kafka", "127.0.0.1:9092", "--to", url()), "cannot be combined");
        assertOneLine(replay(file.toString(), "--topic-prefix", "p.", "--token", token), "applies only with --kafka");
        assertOneLine(replay("--token", token), "Missing required parameter: 'FILE'");
        if (System.getenv(ReplayCommand.TOKEN_VARIABLE) == null) {
            assertOneLine(replay(file.toString(), "--to", url()), "no token");
        }
    }

    @Test
    void answersHelpWithTheOptionsAndExitCodes() {
        CommandRun o = replay("--help");

        assertThat(o.exitCode()).isZero();
        assertThat(o.out()).contains("FILE", "--to", "--token", "--kafka", "--topic-prefix", "--format", "--batch",
                "ELECTION_DAY_TOKEN", "turnout.rejected", "Exit codes", "http://127.0.0.1:8081");
        assertThat(o.out()).doesNotContain(token);
    }

    private static void assertOneLine(CommandRun o, String expected) {
        assertThat(o.exitCode()).as(o.err()).isEqualTo(2);
        assertThat(o.err().strip()).doesNotContain("\n").startsWith("election-day: ").contains(expected);
    }

    private static CommandRun replay(String... args) {
        String[] argv = new String[args.length + 1];
        argv[0] = "replay";
        System.arraycopy(args, 0, argv, 1, args.length);
        return CommandRun.of(argv);
    }

    private String url() {
        return "http://127.0.0.1:" + server.port();
    }

    /** {@code n} readings over the demo registry's first polling areas, seq rising per area. */
    private static List<Reading> readings(int n) {
        List<String> areas = StreamSupport.stream(REGISTRY.units().spliterator(), false).map(Unit::id)
                .filter(REGISTRY::isLeaf).sorted().limit(7).toList();
        List<Reading> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(Readings.reading(areas.get(i % areas.size()), i / areas.size() + 1, i, i));
        }
        return out;
    }
}
