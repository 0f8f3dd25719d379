package vn.election.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static vn.election.dashboard.Fixtures.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.election.model.alert.Alert;
import vn.election.model.history.HistoryRecord;
import vn.election.model.registry.Registry;
import vn.election.testing.SharedKafka;

/** Two instances on one topic agree: each rebuilds its state from the compacted topic, whenever it starts. */
@ExtendWith(VertxExtension.class)
class TwoInstancesIT {

    private static final List<String> PATHS = List.of("/api/v1/units/VN", "/api/v1/units/VN/children",
            "/api/v1/units/VN-22", "/api/v1/units/VN-22/children", "/api/v1/alerts", "/api/v1/units/VN/history",
            "/api/v1/units/VN-22/histogram", "/api/v1/units/VN/areas?filter=late&limit=500", "/api/v1/meta");

    private final Registry registry = Fixtures.REGISTRY;
    private Vertx vertx;
    private WebClient http;
    private UnitsProducer producer;
    private DashboardConfig config;
    private DashboardServer first;
    private DashboardServer second;

    @BeforeEach
    void setUp(Vertx vertx) {
        this.vertx = vertx;
        this.http = WebClient.create(vertx);
        String prefix = SharedKafka.freshPrefix("TwoInstancesIT");
        this.producer = new UnitsProducer(prefix);
        this.config = DashboardConfig.defaults(SharedKafka.bootstrapServers(), registry).withPort(0).withTopicPrefix(prefix);
    }

    @AfterEach
    void tearDown() {
        for (DashboardServer s : new DashboardServer[] {first, second}) {
            if (s != null) {
                await(s.close());
            }
        }
        producer.close();
        http.close();
    }

    @Test
    void aLateInstanceShowsTheSameFiguresAsAnEarlyOne() {
        producer.send(Fixtures.snapshot("VN", 500_000, 100_000, 1), Fixtures.snapshot("VN-22", 90_000, 20_000, 1));
        Alert surge = Fixtures.firingAlert("VN-22", "SURGE", "2021-05-23T09:00:00+07:00");
        producer.sendAlert(surge);
        producer.sendHistory(new HistoryRecord("VN", OffsetDateTime.parse("2021-05-23T09:00:00+07:00"), 100_000, 500_000,
                100, null, null));
        first = await(DashboardServer.start(vertx, config));
        await().atMost(Fixtures.WAIT).until(first::caughtUp);

        // Written while the first instance runs, before the second exists.
        String district = registry.children("VN-22").get(0);
        producer.send(Fixtures.snapshot("VN", 500_000, 250_000, 2), Fixtures.snapshot("VN-22", 90_000, 45_000, 2),
                Fixtures.snapshot(district, 4000, 3999, 1), Fixtures.snapshot("VN-95", 30_000, 29_000, 1));
        await().atMost(Fixtures.WAIT).until(() -> first.store().get("VN-95").version() == 1
                && first.store().get("VN").version() == 2 && first.store().get(district).version() == 1);

        second = await(DashboardServer.start(vertx, config));
        await().atMost(Fixtures.WAIT).until(second::caughtUp);

        assertSameAnswers();
        assertThat(body(second, "/api/v1/units/VN")).contains("\"voted\":250000");

        producer.send(Fixtures.snapshot("VN", 500_000, 400_000, 3));
        await().atMost(Fixtures.WAIT).untilAsserted(() -> {
            assertThat(body(first, "/api/v1/units/VN")).contains("\"voted\":400000");
            assertThat(body(second, "/api/v1/units/VN")).contains("\"voted\":400000");
        });
        assertSameAnswers();

        // An operator acknowledges on one screen: the other instance's screens show it too.
        try (WsTestClient ws = WsTestClient.connect(vertx, second.port())) {
            ws.awaitFrame(WsTestClient.type("alerts"));
            int status = await(http.post(first.port(), "127.0.0.1", "/api/v1/alerts/" + surge.alertId() + "/ack")
                    .sendBuffer(Buffer.buffer("{\"by\":\"Trung tâm Quảng Ninh\"}"))).statusCode();
            assertThat(status).isEqualTo(202);
            JsonNode pushed = ws.awaitFrame(f -> "alerts".equals(f.path("type").asText()) && !f.get("full").asBoolean()
                    && WsTestClient.acknowledgedIn(f, surge.alertId()) != null);
            assertThat(WsTestClient.acknowledgedIn(pushed, surge.alertId()).at("/ack/by").asText()).isEqualTo("Trung tâm Quảng Ninh");
        }
        await().atMost(Fixtures.WAIT).untilAsserted(() -> assertThat(body(first, "/api/v1/alerts")).contains("Trung tâm"));
        assertSameAnswers();
    }

    private void assertSameAnswers() {
        for (String path : PATHS) {
            assertThat(body(second, path)).as(path).isEqualTo(body(first, path));
        }
    }

    private String body(DashboardServer server, String path) {
        return await(http.get(server.port(), "127.0.0.1", path).send()).bodyAsString();
    }
}
