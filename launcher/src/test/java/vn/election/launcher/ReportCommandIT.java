package vn.election.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import vn.election.dashboard.DashboardConfig;
import vn.election.dashboard.DashboardServer;
import vn.election.dashboard.auth.AccessConfig;
import vn.election.dashboard.auth.DashboardUser;
import vn.election.dashboard.auth.PasswordHasher;
import vn.election.dashboard.auth.UsersFile;
import vn.election.model.history.HistoryPointCodec;
import vn.election.model.history.HistoryRecord;
import vn.election.model.json.Json;
import vn.election.model.registry.Registry;
import vn.election.model.registry.RegistryLoader;
import vn.election.model.registry.Unit;
import vn.election.model.topic.Topics;
import vn.election.model.unit.LevelCompletion;
import vn.election.model.unit.UnitSnapshot;
import vn.election.model.unit.UnitSnapshotCodec;
import vn.election.testing.SharedKafka;

/**
 * {@code election-day report} against two running dashboards on the same topics of the shared broker: an
 * open one and one with logins; the table, CSV and JSON it prints, and its one-line refusals.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportCommandIT {

    private static final String PASSWORD = "correct horse battery";
    private final Registry registry = RegistryLoader.bundledDemo();
    private Vertx vertx;
    private DashboardServer open;
    private DashboardServer withLogins;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        String prefix = SharedKafka.freshPrefix("ReportCommandIT");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", SharedKafka.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            Map<String, LevelCompletion> levels = new LinkedHashMap<>();
            levels.put("polling_area", new LevelCompletion(1340, 1438, 1438L));
            levels.put("commune", new LevelCompletion(133, 177, null));
            levels.put("district", new LevelCompletion(4, 13, null));
            producer.send(new ProducerRecord<>(Topics.UNITS.withPrefix(prefix).name(), "VN-22",
                    UnitSnapshotCodec.encode(snapshot("VN-22", 1_438_000, 1_400_000, levels)))).get();
            producer.send(new ProducerRecord<>(Topics.UNITS.withPrefix(prefix).name(), "VN",
                    UnitSnapshotCodec.encode(snapshot("VN", 5_000_000, 4_000_000, Map.of())))).get();
            producer.send(new ProducerRecord<>(Topics.HISTORY.withPrefix(prefix).name(), "VN-22", HistoryPointCodec.encode(
                    new HistoryRecord("VN-22", OffsetDateTime.parse("2021-05-23T17:00+07:00"), 1_300_000, 1_438_000, 20, null, null))))
                    .get();
        }
        Path users = dir.resolve("users");
        UsersFile.append(users, new DashboardUser("qn-ops", PasswordHasher.hash(PASSWORD, 4), "VN-22", null, 0));
        vertx = Vertx.vertx();
        DashboardConfig config = DashboardConfig.defaults(SharedKafka.bootstrapServers(), registry).withPort(0).withTopicPrefix(prefix);
        open = DashboardServer.start(vertx, config).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        withLogins = DashboardServer.start(vertx, config.withAccess(new AccessConfig(users, null, null)))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(30)).until(() -> http.send(HttpRequest.newBuilder(URI.create(url(open) + "/health")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode() == 200 && open.caughtUp() && withLogins.caughtUp());
    }

    @AfterAll
    void stop() throws Exception {
        for (DashboardServer s : new DashboardServer[] {open, withLogins}) {
            if (s != null) {
                s.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void printsTheTableOfTheReports() {
        CommandRun run = CommandRun.of("report", "--unit", "VN-22", "--dashboard", url(open));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains(registry.unit("VN-22").name() + " (VN-22, province)")
                .contains("As of: 2021-05-23T18:00:00+07:00")
                .contains("Sources: figures snapshot, units at 100% snapshot")
                .containsPattern("Turnout +97\\.36%  \\(1,400,000 / 1,438,000\\)")
                .containsPattern("Polling areas reporting +1,438/1,438 \\(100\\.00%\\)")
                .containsPattern("Polling areas at 100% +1,340/1,438 \\(93\\.18%\\) +81\\.42%")
                .containsPattern("Communes at 100% +133/177 \\(75\\.14%\\) +50\\.54%")
                .containsPattern("Districts at 100% +4/13 \\(30\\.77%\\) +7\\.14%")
                .contains("Previous term (2016 (illustrative))").doesNotContain("minh họa");
        System.out.println("ReportCommandIT: election-day report --unit VN-22\n" + run.out());

        CommandRun vi = CommandRun.of("report", "--unit", "VN-22", "--at", "17:00", "--lang", "vi", "--dashboard", url(open));
        assertThat(vi.exitCode()).as(vi.err()).isZero();
        assertThat(vi.out()).contains("Số liệu tính đến: 2021-05-23T17:00:00+07:00")
                .containsPattern("Tỷ lệ cử tri đi bầu +90,40%  \\(1\\.300\\.000 / 1\\.438\\.000\\)")
                .containsPattern("Khu vực bỏ phiếu đạt 100% +0/24")
                .contains("Kỳ trước (2016 (minh họa))").doesNotContain("illustrative");
        System.out.println("ReportCommandIT: election-day report --unit VN-22 --at 17:00 --lang vi\n" + vi.out());
    }

    @Test
    void printsCsvAndJsonAsTheDashboardAnswers() throws Exception {
        CommandRun csv = CommandRun.of("report", "--unit", "VN-22", "--at", "17:00", "--format", "csv", "--dashboard", url(open));
        assertThat(csv.exitCode()).as(csv.err()).isZero();
        assertThat(csv.out()).startsWith("unit_id,unit_name,figure,level,count,total,pct,previous_pct,previous_label,as_of,source,previous_label_en\r\n")
                .contains("VN-22," + registry.unit("VN-22").name() + ",turnout,province,1300000,1438000,90.40,95.80,");

        CommandRun json = CommandRun.of("report", "--unit", "VN-22", "--format", "json", "--dashboard", url(open));
        assertThat(json.exitCode()).as(json.err()).isZero();
        assertThat(Json.MAPPER.readTree(json.out()).path("voted").asLong()).isEqualTo(1_400_000);
    }

    @Test
    void signsInWithUserAndThePasswordFromTheEnvironmentOrStandardInput() {
        CommandRun refused = CommandRun.of("report", "--unit", "VN-22", "--dashboard", url(withLogins));
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err().strip()).isEqualTo("election-day: the dashboard requires a login: give --user NAME (password from "
                + "ELECTION_DAY_PASSWORD or standard input)");

        ReportCommand fromEnv = new ReportCommand();
        fromEnv.env = Map.of(ReportCommand.PASSWORD_ENV, PASSWORD);
        CommandRun signedIn = run(fromEnv, "--unit", "VN-22", "--user", "qn-ops", "--dashboard", url(withLogins));
        assertThat(signedIn.exitCode()).as(signedIn.err()).isZero();
        assertThat(signedIn.out()).contains("1,340/1,438");

        ReportCommand fromStdin = new ReportCommand();
        fromStdin.env = Map.of();
        fromStdin.in = new ByteArrayInputStream((PASSWORD + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        CommandRun outside = run(fromStdin, "--unit", "VN-01", "--user", "qn-ops", "--dashboard", url(withLogins));
        assertThat(outside.exitCode()).isEqualTo(1);
        assertThat(outside.err()).contains("the dashboard answered 403: unit 'VN-01' is outside what this login may see");

        ReportCommand wrong = new ReportCommand();
        wrong.env = Map.of(ReportCommand.PASSWORD_ENV, "not the password");
        CommandRun badPassword = run(wrong, "--unit", "VN-22", "--user", "qn-ops", "--dashboard", url(withLogins));
        assertThat(badPassword.exitCode()).isEqualTo(1);
        assertThat(badPassword.err()).contains("signing in as 'qn-ops' failed: 401");
    }

    @Test
    void refusesBadArgumentsInOneLine() throws Exception {
        CommandRun badAt = CommandRun.of("report", "--unit", "VN-22", "--at", "25:00", "--dashboard", url(open));
        assertThat(badAt.exitCode()).isEqualTo(2);
        assertThat(badAt.err().strip()).startsWith("election-day: at must be a time of day HH:mm").doesNotContain("\n");

        CommandRun unknown = CommandRun.of("report", "--unit", "VN-99", "--dashboard", url(open));
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("no unit 'VN-99' in the registry");

        CommandRun badFormat = CommandRun.of("report", "--unit", "VN-22", "--format", "xml");
        assertThat(badFormat.exitCode()).isEqualTo(2);
        assertThat(badFormat.err()).contains("--format must be table, csv or json, got 'xml'");

        int nobody;
        try (ServerSocket s = new ServerSocket(0)) {
            nobody = s.getLocalPort();
        }
        CommandRun unreachable = CommandRun.of("report", "--unit", "VN-22", "--dashboard", "http://127.0.0.1:" + nobody);
        assertThat(unreachable.exitCode()).isEqualTo(1);
        assertThat(unreachable.err()).contains("cannot reach the dashboard at http://127.0.0.1:" + nobody);

        CommandRun help = CommandRun.of("report", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--unit=UNIT_ID", "--at=TIME", "--dashboard=URL", "--format=FORMAT", "--user=NAME");
    }

    private static CommandRun run(ReportCommand command, String... args) {
        CommandLine cli = ElectionDay.commandLine();
        CommandLine own = new CommandLine(command);
        own.setParameterExceptionHandler(cli.getParameterExceptionHandler());
        own.setExecutionExceptionHandler(cli.getExecutionExceptionHandler());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        own.setOut(new PrintWriter(out));
        own.setErr(new PrintWriter(err));
        int code = own.execute(args);
        return new CommandRun(code, out.toString(), err.toString());
    }

    private UnitSnapshot snapshot(String id, long registered, long voted, Map<String, LevelCompletion> levels) {
        Unit u = registry.unit(id);
        return new UnitSnapshot(id, u.parentId(), u.level(), u.name(), registered, voted, levels, "2021-05-23T18:00:00+07:00", 1);
    }

    private static String url(DashboardServer s) {
        return "http://127.0.0.1:" + s.port();
    }
}
