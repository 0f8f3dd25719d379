package vn.election.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static vn.election.dashboard.Fixtures.await;
import static vn.election.dashboard.WsTestClient.type;
import static vn.election.dashboard.WsTestClient.updateOf;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.election.dashboard.state.AreaIndex;
import vn.election.dashboard.web.SecurityHeaders;
import vn.election.model.alert.Alert;
import vn.election.model.history.HistoryRecord;
import vn.election.model.json.Json;
import vn.election.model.registry.Registry;
import vn.election.model.unit.UnitSnapshot;
import vn.election.model.unit.UnitSnapshotCodec;
import vn.election.testing.SharedKafka;

@ExtendWith(VertxExtension.class)
class DashboardServerIT {

    private final Registry registry = Fixtures.REGISTRY;
    private final List<DashboardServer> servers = new ArrayList<>();
    private Vertx vertx;
    private WebClient http;
    private String prefix;
    private UnitsProducer producer;

    @BeforeEach
    void setUp(Vertx vertx, TestInfo info) {
        this.vertx = vertx;
        this.http = WebClient.create(vertx);
        this.prefix = SharedKafka.freshPrefix("DashboardServerIT-" + info.getTestMethod().orElseThrow().getName());
        this.producer = new UnitsProducer(prefix);
    }

    @AfterEach
    void tearDown() {
        servers.forEach(s -> await(s.close()));
        producer.close();
        http.close();
    }

    @Test
    void servesExactlyTheProducedFiguresOfTheNation() throws IOException {
        UnitSnapshot nation = Fixtures.snapshot("VN", 1_000_000, 999_500, 0.93, 7);
        producer.send(nation,
                Fixtures.snapshot("VN", 1_000_000, 10, 3), // older version written later: ignored
                Fixtures.snapshot("VN-01", 800, 1, 2),
                Fixtures.snapshot("VN-06", 1000, 1000, 1));
        producer.sendRaw("garbage", "{not json");          // skipped, never fatal
        producer.sendRaw("VN-22", "{\"unit_id\":\"VN-22\"}"); // lacks fields: skipped
        DashboardServer server = startHealthy(prefix);

        JsonNode vn = getJson(server, "/api/v1/units/VN", 200);
        assertThat(vn).isEqualTo(Json.MAPPER.readTree(UnitSnapshotCodec.encode(nation)));
        assertThat(vn.get("turnout_pct").decimalValue()).isEqualByComparingTo("99.95");
        assertThat(vn.get("registered").asLong()).isEqualTo(1_000_000);
        assertThat(vn.get("voted").asLong()).isEqualTo(999_500);
        assertThat(vn.get("as_of").asText()).isEqualTo(Fixtures.AS_OF);
        assertThat(vn.at("/complete_by_level/polling_area/complete").asLong()).isEqualTo(133);
        assertThat(vn.at("/complete_by_level/polling_area/total").asLong()).isEqualTo(144);
        assertThat(vn.at("/complete_by_level/polling_area/reporting").asLong()).isEqualTo(144);
        assertThat(vn.at("/complete_by_level/commune").has("reporting")).isFalse();

        // 100 × 1 / 800 = 0.125: half-up gives 0.13 (half-even would give 0.12).
        JsonNode hanoi = getJson(server, "/api/v1/units/VN-01", 200);
        assertThat(hanoi.get("turnout_pct").decimalValue()).isEqualTo(new BigDecimal("0.13"));

        // Two decimals, written plainly (a parsed tree would give 1E+2).
        String bacKan = await(http.get(server.port(), "127.0.0.1", "/api/v1/units/VN-06").send()).bodyAsString();
        assertThat(bacKan).contains("\"turnout_pct\":100.00,").doesNotContain("E+");

        JsonNode quangNinh = getJson(server, "/api/v1/units/VN-22", 200);
        assertThat(quangNinh.get("voted").asLong()).isZero();
        assertThat(quangNinh.get("registered").asLong()).isEqualTo(registry.registeredTotal("VN-22"));

        JsonNode health = getJson(server, "/health", 200);
        assertThat(health.get("status").asText()).isEqualTo("UP");
        assertThat(health.get("caught_up").asBoolean()).isTrue();
        assertThat(health.get("units_known").asInt()).isEqualTo(3);
    }

    @Test
    void listsChildrenInRegistryOrder() throws IOException {
        UnitSnapshot quangNinh = Fixtures.snapshot("VN-22", 2000, 1999, 5);
        producer.send(quangNinh);
        DashboardServer server = startHealthy(prefix);

        JsonNode children = getJson(server, "/api/v1/units/VN/children", 200);

        List<String> ids = new ArrayList<>();
        children.forEach(c -> ids.add(c.get("unit_id").asText()));
        assertThat(ids).containsExactly("VN-01", "VN-22", "VN-06", "VN-48", "VN-79", "VN-95");
        assertThat(children.get(1)).isEqualTo(Json.MAPPER.readTree(UnitSnapshotCodec.encode(quangNinh)));
        assertThat(children.get(0).get("voted").asLong()).isZero();
        assertThat(children.get(0).get("version").asLong()).isZero();

        String leaf = registry.children(registry.children(registry.children("VN-22").get(0)).get(0)).get(0);
        assertThat(getJson(server, "/api/v1/units/" + leaf + "/children", 200)).isEmpty();
    }

    @Test
    void answersUnknownUnitsWith404AndAJsonError() throws IOException {
        DashboardServer server = startHealthy(prefix);

        JsonNode unknown = getJson(server, "/api/v1/units/VN-99", 404);
        assertThat(unknown.get("error").asText()).contains("VN-99");
        assertThat(getJson(server, "/api/v1/units/VN-99/children", 404).has("error")).isTrue();
        assertThat(getJson(server, "/api/v1/nothing-here", 404).has("error")).isTrue();
    }

    @Test
    void describesLevelsAndTargetForThePage() throws IOException {
        DashboardServer server = startHealthy(prefix);

        JsonNode meta = getJson(server, "/api/v1/meta", 200);

        assertThat(meta.get("root").asText()).isEqualTo("VN");
        assertThat(meta.get("levels").toString()).isEqualTo("[\"nation\",\"province\",\"district\",\"commune\",\"polling_area\"]");
        assertThat(meta.get("target_pct").decimalValue()).isEqualByComparingTo("99.5");
        assertThat(meta.get("zone").asText()).isEqualTo("Asia/Ho_Chi_Minh");
        assertThat(meta.get("checkpoints").toString()).isEqualTo("[\"09:00\",\"11:00\",\"13:00\",\"15:00\",\"17:00\"]");
        assertThat(meta.get("polling_areas").asInt()).isEqualTo(144);
        assertThat(meta.get("late_after_minutes").asInt()).isEqualTo(60);
        // The demo's six provinces all carry real 2021 names: placed as on the national map.
        assertThat(meta.at("/tiles/layout").asText()).isEqualTo("vietnam-2021");
        assertThat(meta.at("/tiles/positions").size()).isEqualTo(registry.children("VN").size());
    }

    @Test
    void servesAlertsNewestFirstWithFiltersAndSharesAcknowledgementsThroughKafka() throws IOException {
        String area = registry.children(registry.children(registry.children("VN-22").get(0)).get(0)).get(0);
        Alert silent = Fixtures.firingAlert(area, "SILENT_STATION", "2021-05-23T09:00:00+07:00");
        Alert surge = Fixtures.firingAlert("VN-01", "SURGE", "2021-05-23T10:00:00+07:00");
        producer.sendAlert(silent, surge, surge.resolved("2021-05-23T10:30:00+07:00", BigDecimal.ZERO, "calm"));
        DashboardServer server = startHealthy(prefix);

        JsonNode all = getJson(server, "/api/v1/alerts", 200);
        assertThat(ids(all, "alert_id")).containsExactly(surge.alertId(), silent.alertId());
        assertThat(all.get(0).get("state").asText()).isEqualTo("resolved");
        assertThat(all.get(1).get("path").asText()).startsWith("Việt Nam › ").endsWith(registry.unit(area).name());
        assertThat(ids(getJson(server, "/api/v1/alerts?state=firing", 200), "alert_id")).containsExactly(silent.alertId());
        assertThat(getJson(server, "/api/v1/alerts?state=Recovering", 200)).isEmpty();
        assertThat(ids(getJson(server, "/api/v1/alerts?unit=VN-22", 200), "alert_id")).containsExactly(silent.alertId());
        assertThat(ids(getJson(server, "/api/v1/alerts?kind=surge&severity=WARNING", 200), "alert_id"))
                .containsExactly(surge.alertId());
        assertThat(getJson(server, "/api/v1/alerts?state=burning", 400).get("error").asText())
                .isEqualTo("state must be one of all, active, pending, firing, recovering, resolved, got 'burning'");
        assertThat(getJson(server, "/api/v1/alerts?limit=0", 400).get("error").asText()).contains("limit");

        try (WsTestClient ws = WsTestClient.connect(vertx, server.port())) {
            JsonNode full = ws.awaitFrame(type("alerts"));
            assertThat(full.get("full").asBoolean()).isTrue();
            assertThat(ids(full.get("alerts"), "alert_id")).containsExactly(silent.alertId(), surge.alertId());

            HttpResponse<Buffer> ack = await(http.post(server.port(), "127.0.0.1", "/api/v1/alerts/" + silent.alertId() + "/ack")
                    .putHeader("Origin", "http://127.0.0.1:" + server.port())
                    .sendBuffer(Buffer.buffer("{\"by\":\"Trực ban <b>A</b>\"}")));
            assertThat(ack.statusCode()).isEqualTo(202);
            assertThat(ack.bodyAsJsonObject().getJsonObject("ack").getString("by")).isEqualTo("Trực ban <b>A</b>");
            // No logins on this loopback instance: the name is what the client wrote, and said to be so.
            assertThat(ack.bodyAsJsonObject().getJsonObject("ack").getBoolean("signed_in")).isFalse();

            // The change frame may also carry episodes changed in the same push tick (newest first), so the
            // acknowledged episode is looked for in the frame, not at a fixed index.
            JsonNode pushed = ws.awaitFrame(f -> "alerts".equals(f.path("type").asText()) && !f.get("full").asBoolean()
                    && WsTestClient.acknowledgedIn(f, silent.alertId()) != null);
            assertThat(WsTestClient.acknowledgedIn(pushed, silent.alertId()).at("/ack/by").asText()).isEqualTo("Trực ban <b>A</b>");
        }
        // The acknowledgement went through Kafka: an instance started now rebuilds it.
        DashboardServer later = startHealthy(prefix);
        assertThat(getJson(later, "/api/v1/alerts?state=firing", 200).at("/0/ack/by").asText()).isEqualTo("Trực ban <b>A</b>");

        assertThat(await(http.post(server.port(), "127.0.0.1", "/api/v1/alerts/" + silent.alertId() + "/ack")
                .putHeader("Origin", "http://evil.example").send()).statusCode()).isEqualTo(403);
        assertThat(await(http.post(server.port(), "127.0.0.1", "/api/v1/alerts/nope/ack").send()).statusCode()).isEqualTo(404);
        HttpResponse<Buffer> bad = await(http.post(server.port(), "127.0.0.1", "/api/v1/alerts/" + silent.alertId() + "/ack")
                .sendBuffer(Buffer.buffer("{\"by\":" + "1".repeat(5) + "}")));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.bodyAsString()).contains("by must be text of at most 80 characters");
    }

    @Test
    void servesTheCurveOfAUnitWithTheTargetAndTheBaseline() throws IOException {
        producer.sendHistory(point("VN-22", "2021-05-23T09:05:00+07:00", 300), point("VN-22", "2021-05-23T09:00:00+07:00", 250));
        producer.sendHistory(point("VN-22", "2021-05-23T09:00:00+07:00", 260));   // the same bucket again replaces
        DashboardServer server = startHealthy(prefix);

        JsonNode h = getJson(server, "/api/v1/units/VN-22/history", 200);

        assertThat(h.get("day").asText()).isEqualTo("2021-05-23");
        assertThat(h.get("points")).extracting(p -> p.get("voted").asLong()).containsExactly(260L, 300L);
        assertThat(h.get("target").get(0).get("time").asText()).isEqualTo("07:00");
        // The bundled baseline is national: a province is compared with it, and told so.
        assertThat(h.at("/baseline/unit_id").asText()).isEqualTo("VN");
        assertThat(h.at("/baseline/label").asText()).isEqualTo("2016 (minh họa)");
        assertThat(h.at("/baseline/label_en").asText()).isEqualTo("2016 (illustrative)");
        assertThat(getJson(server, "/api/v1/units/VN-22/history?day=23-05-2021", 400).get("error").asText())
                .contains("YYYY-MM-DD");
        assertThat(getJson(server, "/api/v1/units/NOPE/history", 404).get("error").asText()).contains("NOPE");
    }

    @Test
    void listsLatePollingAreasAndTheTurnoutDistribution() throws IOException {
        String commune = registry.children(registry.children("VN-22").get(0)).get(0);
        List<String> areas = registry.children(commune);
        UnitSnapshot root = Fixtures.snapshot("VN", 100_000, 50_000, 1);    // as of 19:00: not the data clock
        // The data clock is the areas' own latest time, 18:30 (too few areas for a quorum; DataClock).
        producer.send(root, leaf(areas.get(0), 1000, 1000, "2021-05-23T17:00:00+07:00"),
                leaf(areas.get(1), 1000, 400, "2021-05-23T17:30:00+07:00"),
                leaf(areas.get(2), 1000, 999, "2021-05-23T18:30:00+07:00"));
        DashboardServer server = startHealthy(prefix);

        JsonNode late = getJson(server, "/api/v1/units/" + commune + "/areas?filter=late&sort=silent_minutes&order=desc", 200);

        assertThat(ids(late.get("items"), "unit_id")).containsExactly(areas.get(3), areas.get(1));
        assertThat(late.at("/items/1/silent_minutes").asLong()).isEqualTo(60);
        assertThat(late.at("/items/0/silent_minutes").isNull()).isTrue();
        JsonNode page = getJson(server, "/api/v1/units/VN/areas?limit=2&offset=2&sort=voted&order=desc", 200);
        assertThat(page.get("total").asInt()).isEqualTo(144);
        // 1000, 999, then 400, then the first by id of the 141 areas at 0.
        String firstSilent = new AreaIndex(registry).areasOf("VN").stream().filter(id -> !areas.subList(0, 3).contains(id))
                .min(String::compareTo).orElseThrow();
        assertThat(ids(page.get("items"), "unit_id")).containsExactly(areas.get(1), firstSilent);
        assertThat(getJson(server, "/api/v1/units/VN/areas?sort=votes", 400).get("error").asText()).contains("sort must be");
        assertThat(getJson(server, "/api/v1/units/VN/areas?limit=501", 400).get("error").asText()).contains("1 to 500");

        JsonNode hist = getJson(server, "/api/v1/units/" + commune + "/histogram", 200);
        assertThat(hist.get("reporting").asInt()).isEqualTo(3);
        assertThat(hist.at("/bins/100/count").asInt()).isEqualTo(1);
        assertThat(hist.at("/bins/99/count").asInt()).isEqualTo(1);
        assertThat(hist.at("/bins/40/count").asInt()).isEqualTo(1);
    }

    @Test
    void healthSays503WhileItCannotCatchUp() throws IOException {
        // A topic that does not exist: the feed waits for it, so the instance never counts as caught up.
        String missing = "missing-" + UUID.randomUUID().toString().substring(0, 8) + ".";
        DashboardServer server = start(missing);

        JsonNode first = getJson(server, "/health", 503);
        assertThat(first.get("status").asText()).isEqualTo("DOWN");
        assertThat(first.get("reason").asText()).startsWith("catching up with " + missing).contains(missing + "turnout.units");

        // The feed names the missing topic once its first metadata request has answered; until then it is
        // only "catching up", so the reason is awaited rather than read once.
        String waiting = "(waiting for topic " + missing + "turnout.alert-acks to exist)";
        await().atMost(Fixtures.WAIT).untilAsserted(() -> {
            JsonNode health = getJson(server, "/health", 503);
            assertThat(health.get("status").asText()).isEqualTo("DOWN");
            assertThat(health.get("reason").asText()).endsWith(waiting);
        });
        assertThat(server.caughtUp()).isFalse();
    }

    @Test
    void pushesSnapshotOnConnectThenOnlyChangesInView() {
        producer.send(Fixtures.snapshot("VN", 100_000, 50_000, 1));
        DashboardServer server = startHealthy(prefix);

        try (WsTestClient ws = WsTestClient.connect(vertx, server.port())) {
            JsonNode snapshot = ws.awaitFrame(type("snapshot"));
            assertThat(snapshot.at("/unit/unit_id").asText()).isEqualTo("VN");
            assertThat(snapshot.at("/unit/voted").asLong()).isEqualTo(50_000);
            assertThat(snapshot.at("/root/unit_id").asText()).isEqualTo("VN");
            assertThat(ids(snapshot.get("children"))).containsExactlyElementsOf(registry.children("VN"));
            assertThat(snapshot.get("path").toString()).isEqualTo("[{\"unit_id\":\"VN\",\"name\":\"Việt Nam\",\"level\":\"nation\"}]");

            producer.send(Fixtures.snapshot("VN-48", 3000, 1500, 1));
            JsonNode update = ws.awaitFrame(updateOf("VN-48", 1));
            assertThat(update.get("units")).hasSize(1);

            // Out of view (a district of Hà Nội): stored, but never sent to a client looking at the nation.
            String hanoiDistrict = registry.children("VN-01").get(0);
            producer.send(Fixtures.snapshot(hanoiDistrict, 500, 400, 1));
            await().atMost(Fixtures.WAIT).until(() -> server.store().get(hanoiDistrict).version() == 1);
            producer.send(Fixtures.snapshot("VN", 100_000, 60_000, 2));
            ws.awaitFrame(updateOf("VN", 2));
            assertThat(ws.frames()).noneMatch(f -> f.toString().contains(hanoiDistrict));

            ws.send("{\"type\":\"subscribe\",\"unit\":\"VN-22\"}");
            JsonNode province = ws.awaitFrame(f -> type("snapshot").test(f) && "VN-22".equals(f.at("/unit/unit_id").asText()));
            assertThat(ids(province.get("children"))).containsExactlyElementsOf(registry.children("VN-22"));
            assertThat(ids(province.get("path"))).containsExactly("VN", "VN-22");
            assertThat(province.at("/root/voted").asLong()).isEqualTo(60_000);

            String district = registry.children("VN-22").get(1);
            producer.send(Fixtures.snapshot(district, 700, 650, 1));
            ws.awaitFrame(updateOf(district, 1));

            ws.send("{\"type\":\"subscribe\",\"unit\":\"<script>\"}");
            JsonNode error = ws.awaitFrame(type("error"));
            assertThat(error.get("message").asText()).contains("<script>").contains("still showing VN-22");
        }
    }

    @Test
    void refusesWebsocketsFromAnotherSiteButNotFromNonBrowsers() {
        DashboardServer server = startHealthy(prefix);

        assertThatThrownBy(() -> WsTestClient.connect(vertx, server.port(), o -> o.putHeader("Origin", "http://evil.example")))
                .isInstanceOfSatisfying(UpgradeRejectedException.class, e -> assertThat(e.getStatus()).isEqualTo(403));

        try (WsTestClient noOrigin = WsTestClient.connect(vertx, server.port(), o -> o.setAllowOriginHeader(false))) {
            noOrigin.awaitFrame(type("snapshot"));
        }
    }

    @Test
    void servesThePageWithTheContentSecurityPolicy(VertxTestContext ctx) {
        DashboardServer server = startHealthy(prefix);

        http.get(server.port(), "127.0.0.1", "/").send().onComplete(ctx.succeeding(page -> ctx.verify(() -> {
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.getHeader("Content-Type")).startsWith("text/html");
            assertThat(page.getHeader("Content-Security-Policy")).isEqualTo("default-src 'self'; connect-src 'self'; "
                    + "img-src 'self' data:; style-src 'self'; frame-ancestors 'none'");
            assertThat(page.getHeader("X-Frame-Options")).isEqualTo("DENY");
            assertThat(page.bodyAsString()).contains("<script src=\"app.js\" defer></script>");
            http.get(server.port(), "127.0.0.1", "/app.js").send().onComplete(ctx.succeeding(js -> ctx.verify(() -> {
                assertThat(js.statusCode()).isEqualTo(200);
                assertThat(js.getHeader("Content-Type")).contains("javascript");
                assertThat(js.bodyAsString()).contains("const I18N");
                ctx.completeNow();
            })));
        })));
    }

    @Test
    void answersHeadWhereverGetAnswersWithTheSameStatusAndNoBody() throws IOException {
        producer.send(Fixtures.snapshot("VN", 100_000, 50_000, 1));
        DashboardServer server = startHealthy(prefix);

        for (String path : List.of("/", "/app.js", "/style.css", "/login.html", "/js/alerts.js", "/health", "/metrics",
                "/api/v1/units/VN", "/api/v1/units/VN/children", "/api/v1/units/VN/history", "/api/v1/units/VN/histogram",
                "/api/v1/units/VN/areas?sort=name&limit=5", "/api/v1/alerts?state=all", "/api/v1/meta", "/api/v1/me",
                "/api/v1/units/nope", "/api/v1/units/VN/areas?sort=votes", "/no-such-file.js")) {
            RawReply get = RawReply.of(server.port(), "GET", path);
            RawReply head = RawReply.of(server.port(), "HEAD", path);
            assertThat(head.status()).as("HEAD " + path).isEqualTo(get.status());
            assertThat(head.header("content-type")).as("HEAD " + path).isEqualTo(get.header("content-type"));
            assertThat(head.header("content-security-policy")).as("HEAD " + path).isEqualTo(SecurityHeaders.CSP);
            assertThat(head.body()).as("HEAD " + path + " must carry no body").isEmpty();
            assertThat(get.body()).as("GET " + path).isNotEmpty();
        }
        assertThat(RawReply.of(server.port(), "GET", "/health").status()).isEqualTo(200);
        assertThat(RawReply.of(server.port(), "GET", "/api/v1/units/nope").status()).isEqualTo(404);
    }

    @Test
    void exposesGaugesAndFrameCountersForPrometheus() {
        producer.send(Fixtures.snapshot("VN", 100_000, 50_000, 1));
        DashboardServer server = startHealthy(prefix);

        try (WsTestClient ws = WsTestClient.connect(vertx, server.port())) {
            ws.awaitFrame(type("snapshot"));
            await().atMost(Fixtures.WAIT).untilAsserted(() -> {
                HttpResponse<Buffer> r = await(http.get(server.port(), "127.0.0.1", "/metrics").send());
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.getHeader("Content-Type")).startsWith("text/plain");
                assertThat(r.bodyAsString())
                        .contains("dashboard_websocket_clients 1.0")
                        .contains("dashboard_units_known 1.0")
                        .contains("dashboard_units_caught_up 1.0")
                        .contains("dashboard_ws_frames_sent_total{type=\"snapshot\"} 1.0")
                        .contains("dashboard_ws_frames_skipped_total 0.0")
                        .contains("dashboard_feed_records_total{outcome=\"applied\",topic=\"units\"} 1.0");
            });
            // A unit update while a client is connected: the push latency histogram gets its first sample.
            producer.send(Fixtures.snapshot("VN", 100_000, 60_000, 2));
            ws.awaitFrame(updateOf("VN", 2));
            assertThat(await(http.get(server.port(), "127.0.0.1", "/api/v1/units/VN").send()).statusCode()).isEqualTo(200);
            await().atMost(Fixtures.WAIT).untilAsserted(() -> {
                String text = await(http.get(server.port(), "127.0.0.1", "/metrics").send()).bodyAsString();
                assertThat(text)
                        .contains("# TYPE dashboard_ws_push_latency_seconds histogram")
                        .containsPattern("dashboard_ws_push_latency_seconds_bucket\\{le=\"0.1\"} [0-9]")
                        .containsPattern("dashboard_ws_push_latency_seconds_bucket\\{le=\"\\+Inf\"} [1-9]")
                        .contains("# TYPE dashboard_http_requests_seconds histogram")
                        .contains("dashboard_http_requests_seconds_bucket{method=\"GET\",route=\"/api/v1/units/:id\",status=\"200\",le=\"0.005\"}")
                        .contains("dashboard_http_requests_seconds_count{method=\"GET\",route=\"/health\",status=\"200\"}");
                assertThat(sampleCount(text, "dashboard_ws_push_latency_seconds_count")).isGreaterThanOrEqualTo(1);
                // An id is never a label value: one series per route pattern.
                assertThat(text).doesNotContain("route=\"/api/v1/units/VN\"");
            });
        }
    }

    /** The value of a sample line without labels, e.g. {@code x_count 3.0}. */
    private static double sampleCount(String metrics, String name) {
        return metrics.lines().filter(l -> l.startsWith(name + " ")).mapToDouble(l -> Double.parseDouble(l.substring(name.length() + 1)))
                .findFirst().orElse(0);
    }

    @Test
    void failsLoudlyWhenThePortIsTaken() {
        DashboardServer first = startHealthy(prefix);

        assertThatThrownBy(() -> await(DashboardServer.start(vertx, config(prefix).withPort(first.port()))))
                .hasRootCauseInstanceOf(java.net.BindException.class)
                .hasMessageContaining("cannot listen on 127.0.0.1:" + first.port());
    }

    private DashboardConfig config(String topicPrefix) {
        return DashboardConfig.defaults(SharedKafka.bootstrapServers(), registry).withPort(0).withTopicPrefix(topicPrefix);
    }

    private DashboardServer start(String topicPrefix) {
        DashboardServer server = await(DashboardServer.start(vertx, config(topicPrefix)));
        servers.add(server);
        return server;
    }

    private DashboardServer startHealthy(String topicPrefix) {
        DashboardServer server = start(topicPrefix);
        await().atMost(Fixtures.WAIT).until(() -> await(http.get(server.port(), "127.0.0.1", "/health").send()).statusCode() == 200);
        return server;
    }

    private JsonNode getJson(DashboardServer server, String path, int expectedStatus) throws IOException {
        HttpResponse<Buffer> r = await(http.get(server.port(), "127.0.0.1", path).send());
        assertThat(r.statusCode()).as(path).isEqualTo(expectedStatus);
        assertThat(r.getHeader("Content-Type")).as(path).startsWith("application/json");
        return Json.MAPPER.readTree(r.bodyAsString());
    }

    private static Registry registry() {
        return Fixtures.REGISTRY;
    }

    private static HistoryRecord point(String unit, String end, long voted) {
        return new HistoryRecord(unit, OffsetDateTime.parse(end), voted, 1000, 10, null, null);
    }

    private UnitSnapshot leaf(String id, long registered, long voted, String asOf) {
        var u = registry.unit(id);
        return new UnitSnapshot(id, u.parentId(), u.level(), u.name(), registered, voted, java.util.Map.of(), asOf, 1);
    }

    private static List<String> ids(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.get(field).asText()));
        return out;
    }

    private static List<String> ids(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.get("unit_id").asText()));
        return out;
    }
}
