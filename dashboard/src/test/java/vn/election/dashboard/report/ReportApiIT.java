package vn.election.dashboard.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import vn.election.dashboard.DashboardConfig;
import vn.election.dashboard.DashboardServer;
import vn.election.dashboard.auth.AccessConfig;
import vn.election.dashboard.auth.DashboardUser;
import vn.election.dashboard.auth.PasswordHasher;
import vn.election.dashboard.auth.UsersFile;
import vn.election.model.history.HistoryRecord;
import vn.election.model.json.Json;
import vn.election.model.registry.Registry;
import vn.election.model.registry.RegistryLoader;
import vn.election.model.registry.Unit;
import vn.election.model.unit.LevelCompletion;
import vn.election.model.unit.UnitSnapshot;
import vn.election.testing.SharedKafka;

/**
 * The report endpoint of a running dashboard with logins, fed through real topics on the shared broker:
 * Quảng Ninh (the demo registry, with districts) at 17:00 from its curve and its units' completion times,
 * after a correction at 17:30, now from its snapshot, as CSV, and its 400, 401, 403 and 404 answers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportApiIT {

    private static final String PASSWORD = "correct horse battery";
    private static final String DAY = "2021-05-23T";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final Registry registry = RegistryLoader.bundledDemo();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(WAIT).build();
    private final Set<String> incompleteAt1700 = new HashSet<>();
    private final Set<String> incompleteAt1745 = new HashSet<>();
    private Vertx vertx;
    private DashboardServer server;
    private ReportTopics topics;
    private String national;
    private String provincial;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        String prefix = SharedKafka.freshPrefix("ReportApiIT");
        topics = new ReportTopics(prefix);
        List<String> areas = areasBelow("VN-22");
        // Areas 0 and 1 short at 16:55; at 17:30 area 0 is complete and area 2, complete at 16:55, is corrected
        // down. A correction takes a completion back for every time (only the earliest completion is kept), so
        // at 17:00 areas 0, 1 and 2 count as short, at 17:45 areas 1 and 2.
        pointsOfSubtree("VN-22", "16:55", Set.of(areas.get(0), areas.get(1)));
        pointsOfSubtree("VN-22", "17:30", Set.of(areas.get(1), areas.get(2)));
        incompleteAt1700.addAll(areas.subList(0, 3));
        incompleteAt1745.addAll(areas.subList(1, 3));
        topics.point(new HistoryRecord("VN-22", OffsetDateTime.parse(DAY + "17:00+07:00"), 7, registry.registeredTotal("VN-22"),
                areas.size(), null, null));
        topics.point(new HistoryRecord("VN-22", OffsetDateTime.parse(DAY + "17:30+07:00"), 9, registry.registeredTotal("VN-22"),
                areas.size(), null, null));
        topics.flush();
        topics.snapshot(snapshot("VN", 5_000, 4_000, Map.of()));
        Map<String, LevelCompletion> qn = new LinkedHashMap<>();
        qn.put("polling_area", new LevelCompletion(21, 24, 23L));
        qn.put("commune", new LevelCompletion(4, 6, null));
        qn.put("district", new LevelCompletion(1, 2, null));
        topics.snapshot(snapshot("VN-22", 2_000, 1_990, qn));

        Path users = dir.resolve("users.jsonl");
        UsersFile.append(users, new DashboardUser("nation", PasswordHasher.hash(PASSWORD, 4), "VN", "national", 0));
        UsersFile.append(users, new DashboardUser("qn-ops", PasswordHasher.hash(PASSWORD, 4), "VN-22", "provincial centre", 0));
        vertx = Vertx.vertx();
        server = DashboardServer.start(vertx, DashboardConfig.defaults(SharedKafka.bootstrapServers(), registry).withPort(0)
                .withTopicPrefix(prefix).withAccess(new AccessConfig(users, "a report test secret of at least 32 bytes", null)))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> get("/health", null).statusCode() == 200);
        national = login("nation");
        provincial = login("qn-ops");
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) {
            server.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        topics.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void atFiveOClockFiguresComeFromTheCurveAndCountsFromEachUnitsCompletionTime() throws IOException {
        JsonNode r = json(get("/api/v1/units/VN-22/report?at=17:00", provincial), 200);

        assertThat(r.get("voted").asLong()).isEqualTo(7);
        assertThat(r.get("registered").asLong()).isEqualTo(registry.registeredTotal("VN-22"));
        assertThat(r.get("areas_reporting").asLong()).isEqualTo(24);
        assertThat(r.at("/as_of/figures").asText()).isEqualTo("history");
        assertThat(r.at("/as_of/complete_by_level").asText()).isEqualTo("completion_times");
        assertThat(r.at("/as_of/time").asText()).isEqualTo("2021-05-23T17:00:00+07:00");
        assertThat(r.at("/as_of/requested").asText()).isEqualTo("2021-05-23T17:00:00+07:00");
        assertThat(r.at("/as_of/open").asBoolean()).isFalse();
        assertThat(rows(r)).containsExactlyElementsOf(expectedRows("VN-22", incompleteAt1700));
        assertThat(r.at("/complete_by_level/0/previous_complete_pct").decimalValue()).isEqualByComparingTo("81.42");
        assertThat(r.at("/complete_by_level/1/previous_complete_pct").decimalValue()).isEqualByComparingTo("50.54");
        assertThat(r.at("/complete_by_level/2/previous_complete_pct").decimalValue()).isEqualByComparingTo("7.14");
        // The bundled national curve at 17:00, its unit said: Quảng Ninh has no curve of its own.
        assertThat(r.at("/previous_term/turnout/turnout_pct").decimalValue()).isEqualByComparingTo("95.80");
        assertThat(r.at("/previous_term/turnout/unit_id").asText()).isEqualTo("VN");
        assertThat(r.at("/previous_term/label").asText()).isEqualTo("2016 (minh họa)");
        assertThat(r.at("/previous_term/label_en").asText()).isEqualTo("2016 (illustrative)");
        assertThat(r.at("/previous_term/turnout/label_en").asText()).isEqualTo("2016 (illustrative)");

        JsonNode before = json(get("/api/v1/units/VN-22/report?at=16:50", national), 200);
        assertThat(before.at("/as_of/figures").asText()).isEqualTo("registry");
        assertThat(before.get("voted").asLong()).isZero();
        assertThat(before.get("complete_by_level").findValuesAsText("complete")).containsOnly("0");
    }

    @Test
    void laterCompletionsCountFromTheirTimeAndACorrectionTakesOneBack() throws IOException {
        JsonNode r = json(get("/api/v1/units/VN-22/report?at=17:45", national), 200);

        assertThat(r.get("voted").asLong()).isEqualTo(9);

        assertThat(rows(r)).containsExactlyElementsOf(expectedRows("VN-22", incompleteAt1745));
        assertThat(r.at("/as_of/time").asText()).isEqualTo("2021-05-23T17:30:00+07:00");
        // A district below the province, counted the same way.
        String district = registry.children("VN-22").get(0);
        assertThat(rows(json(get("/api/v1/units/" + district + "/report?at=17:45", national), 200)))
                .containsExactlyElementsOf(expectedRows(district, incompleteAt1745));
    }

    @Test
    void theUnitRoutesAnswerAsOfAPastTimeInTheUnitObjectsShape() throws IOException {
        JsonNode unit = json(get("/api/v1/units/VN-22?as_of=17:00", provincial), 200);
        JsonNode report = json(get("/api/v1/units/VN-22/report?at=17:00", provincial), 200);

        assertThat(unit.get("voted").asLong()).isEqualTo(report.get("voted").asLong()).isEqualTo(7);
        assertThat(unit.get("registered").asLong()).isEqualTo(registry.registeredTotal("VN-22"));
        assertThat(unit.get("as_of").asText()).isEqualTo("2021-05-23T17:00+07:00");
        assertThat(unit.get("version").asLong()).isZero();
        assertThat(unit.at("/complete_by_level/polling_area/reporting").asLong()).isEqualTo(24);
        for (JsonNode row : report.get("complete_by_level")) {
            assertThat(unit.at("/complete_by_level/" + row.get("level").asText() + "/complete").asLong())
                    .isEqualTo(row.get("complete").asLong());
        }
        JsonNode children = json(get("/api/v1/units/VN-22/children?as_of=17:45", national), 200);
        assertThat(children).hasSize(registry.children("VN-22").size());
        assertThat(children.get(0).get("version").asLong()).isZero();
        // The live answer is unchanged without as_of; a bad time or a polling area is a 400 naming as_of.
        assertThat(json(get("/api/v1/units/VN-22", national), 200).get("version").asLong()).isPositive();
        assertThat(json(get("/api/v1/units/VN-22?as_of=25:00", national), 400).get("error").asText()).startsWith("as_of: ");
        String area = registry.children(registry.children(registry.children("VN-22").get(0)).get(0)).get(0);
        assertThat(json(get("/api/v1/units/" + area + "?as_of=17:00", national), 400).get("error").asText())
                .contains("not answered for polling areas");
        assertThat(json(get("/api/v1/units/VN-01?as_of=17:00", provincial), 403)).isNotNull();
    }

    @Test
    void nowComesFromTheLatestSnapshot() throws IOException {
        JsonNode r = json(get("/api/v1/units/VN-22/report", national), 200);

        assertThat(r.get("voted").asLong()).isEqualTo(1_990);
        assertThat(r.get("turnout_pct").decimalValue()).isEqualByComparingTo("99.50");
        assertThat(r.get("areas_reporting").asLong()).isEqualTo(23);
        assertThat(rows(r)).containsExactly("polling_area 21/24", "commune 4/6", "district 1/2");
        assertThat(r.at("/as_of/figures").asText()).isEqualTo("snapshot");
        assertThat(r.at("/as_of/requested").isNull()).isTrue();
        assertThat(r.at("/as_of/time").asText()).isEqualTo("2021-05-23T18:00:00+07:00");
        // Asked for a time the data has not reached: the latest figures, saying so.
        JsonNode later = json(get("/api/v1/units/VN-22/report?at=19:00", national), 200);
        assertThat(later.get("voted").asLong()).isEqualTo(1_990);
        assertThat(later.at("/as_of/note").asText()).contains("latest data is as of 2021-05-23T18:00+07:00");
    }

    @Test
    void csvHasAHeaderRowAndTheSameFigures() throws IOException {
        HttpResponse<String> r = get("/api/v1/units/VN-22/report?at=17:00&format=csv", national);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv; charset=utf-8"));
        assertThat(r.body()).startsWith(ReportCsv.HEADER + "\r\n");
        List<CSVRecord> rows = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(r.body())).getRecords();
        assertThat(rows).extracting(c -> c.get("figure")).containsExactly("turnout", "reporting", "complete", "complete", "complete");
        assertThat(rows.get(0).get("unit_name")).isEqualTo(registry.unit("VN-22").name());
        assertThat(rows.get(0).get("count")).isEqualTo("7");
        assertThat(rows.get(0).get("source")).isEqualTo("history");
        assertThat(rows.get(2).get("level") + " " + rows.get(2).get("count") + "/" + rows.get(2).get("total"))
                .isEqualTo(expectedRows("VN-22", incompleteAt1700).get(0));
        assertThat(rows.get(2).get("previous_pct")).isEqualTo("81.42");
        assertThat(rows.get(2).get("previous_label")).isEqualTo("2016 (minh họa)");
        assertThat(rows.get(2).get("previous_label_en")).isEqualTo("2016 (illustrative)");
        assertThat(rows.get(0).get("previous_label_en")).isEqualTo("2016 (illustrative)");
        assertThat(rows.get(2).get("source")).isEqualTo("completion_times");
    }

    @Test
    void errorsNameTheFieldAndScopeIsThatOfTheUnitApi() throws IOException {
        assertThat(json(get("/api/v1/units/VN-99/report", national), 404).get("error").asText()).contains("VN-99");
        assertThat(json(get("/api/v1/units/VN-22/report?at=25:00", national), 400).get("error").asText())
                .startsWith("at must be a time of day HH:mm").contains("got '25:00'");
        assertThat(json(get("/api/v1/units/VN-22/report?format=xml", national), 400).get("error").asText())
                .isEqualTo("format must be json or csv, got 'xml'");
        assertThat(get("/api/v1/units/VN-22/report", null).statusCode()).isEqualTo(401);
        assertThat(json(get("/api/v1/units/VN-01/report", provincial), 403).get("error").asText()).contains("outside");
        assertThat(json(get("/api/v1/units/VN/report?format=csv", provincial), 403).has("error")).isTrue();
    }

    /** Writes, for every unit of the subtree, a closed point at {@code time}: complete unless an incomplete area lies below it. */
    private void pointsOfSubtree(String unitId, String time, Set<String> incompleteAreas) {
        for (String id : subtree(unitId)) {
            if (id.equals(unitId)) {
                continue;   // the province's own curve is written apart
            }
            long registered = registry.registeredTotal(id);
            long short_ = areasBelow(id).stream().filter(incompleteAreas::contains).count();
            topics.point(new HistoryRecord(id, OffsetDateTime.parse(DAY + time + "+07:00"), registered - short_, registered,
                    areasBelow(id).size(), null, null));
        }
    }

    /** "level complete/total" per level below the unit, polling areas first, from which areas are short. */
    private List<String> expectedRows(String unitId, Set<String> incompleteAreas) {
        List<String> rows = new ArrayList<>();
        for (int depth = registry.leafDepth(); depth > registry.unit(unitId).depth(); depth--) {
            int d = depth;
            List<String> atDepth = subtree(unitId).stream().filter(id -> registry.unit(id).depth() == d).toList();
            long complete = atDepth.stream().filter(id -> areasBelow(id).stream().noneMatch(incompleteAreas::contains)).count();
            rows.add(registry.levels().get(depth) + " " + complete + "/" + atDepth.size());
        }
        return rows;
    }

    private static List<String> rows(JsonNode report) {
        List<String> rows = new ArrayList<>();
        report.get("complete_by_level").forEach(l -> rows.add(l.get("level").asText() + " " + l.get("complete").asLong()
                + "/" + l.get("total").asLong()));
        return rows;
    }

    private List<String> subtree(String unitId) {
        List<String> out = new ArrayList<>();
        out.add(unitId);
        for (String child : registry.children(unitId)) {
            out.addAll(subtree(child));
        }
        return out;
    }

    private List<String> areasBelow(String unitId) {
        return subtree(unitId).stream().filter(registry::isLeaf).toList();
    }

    private UnitSnapshot snapshot(String id, long registered, long voted, Map<String, LevelCompletion> levels) {
        Unit u = registry.unit(id);
        return new UnitSnapshot(id, u.parentId(), u.level(), u.name(), registered, voted, levels, DAY + "18:00:00+07:00", 1);
    }

    private String login(String name) throws IOException {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/api/v1/login")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.MAPPER.createObjectNode().put("name", name).put("password", PASSWORD)
                        .toString())).build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        String cookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        return cookie.substring(0, cookie.indexOf(';'));
    }

    private HttpResponse<String> get(String path, String cookie) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(WAIT);
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return send(b.build());
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private static JsonNode json(HttpResponse<String> r, int status) throws IOException {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        return Json.MAPPER.readTree(r.body());
    }
}
