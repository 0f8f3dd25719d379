package vn.election.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static vn.election.dashboard.Fixtures.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.election.dashboard.push.ClientSession;
import vn.election.model.correction.Correction;
import vn.election.model.registry.Registry;
import vn.election.model.topic.Topic;
import vn.election.model.topic.Topics;
import vn.election.testing.SharedKafka;

/**
 * Corrections pushed over the websocket (frame {@code corrections}, docs/websocket.md) through a real topic, a real
 * server and real websocket clients: a correction reaches the screens whose view holds its area (its province, the
 * nation) and not a screen on another province; a client that stopped reading holds a bounded number of them.
 */
@ExtendWith(VertxExtension.class)
class CorrectionsPushIT {

    private static final Registry REGISTRY = Fixtures.REGISTRY;
    private static final OffsetDateTime NINE = OffsetDateTime.parse("2021-05-23T09:00:00+07:00");
    /** Long enough that the stalled client is still connected (and counted) while the test looks at it. */
    private static final Duration STALLED_AFTER = Duration.ofMinutes(5);

    private final String qnArea = firstArea("VN-22");
    private final String hnArea = firstArea("VN-01");

    private Vertx vertx;
    private String prefix;
    private DashboardServer server;
    private KafkaProducer<String, Correction> producer;
    private Topic<String, Correction> topic;
    private final List<WsTestClient> clients = new ArrayList<>();
    private Socket stalled;

    @BeforeEach
    void setUp(Vertx vertx) {
        this.vertx = vertx;
        prefix = SharedKafka.freshPrefix("CorrectionsPushIT");
        topic = Topics.CORRECTIONS.withPrefix(prefix);
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 0), topic.keySerializer(), topic.valueSerializer());
        server = await(DashboardServer.start(vertx, DashboardConfig.defaults(SharedKafka.bootstrapServers(), REGISTRY)
                .withPort(0).withTopicPrefix(prefix).withPushInterval(Duration.ofMillis(50)).withStalledAfter(STALLED_AFTER)));
        await().atMost(Fixtures.WAIT).until(server::caughtUp);
    }

    @AfterEach
    void tearDown() throws IOException {
        clients.forEach(WsTestClient::close);
        if (stalled != null) {
            stalled.close();
        }
        await(server.close());
        producer.close();
    }

    @Test
    void aCorrectionReachesTheScreensOfItsProvinceAndTheNationButNotAnotherProvince() {
        WsTestClient quangNinh = subscribed("VN-22");
        WsTestClient hanoi = subscribed("VN-01");
        WsTestClient nation = subscribed("VN");

        Correction first = lowered(qnArea, 1);
        send(first);
        JsonNode frame = quangNinh.awaitFrame(carrying(first));
        assertThat(frame.get("unit").asText()).isEqualTo("VN-22");
        assertThat(frame.get("reload").asBoolean()).isFalse();
        JsonNode item = frame.get("corrections").get(0);
        assertThat(item.get("station_id").asText()).isEqualTo(qnArea);
        assertThat(item.get("before").asLong()).isEqualTo(120);
        assertThat(item.get("after").asLong()).isEqualTo(100);
        assertThat(item.get("name").asText()).isEqualTo(REGISTRY.unit(qnArea).name());
        assertThat(item.get("recorded_at").asText()).isNotBlank();
        nation.awaitFrame(carrying(first));

        // Read by the feed after the first: once Hanoi's screen has this one, the first would have come before it.
        Correction inHanoi = lowered(hnArea, 2);
        send(inHanoi);
        hanoi.awaitFrame(carrying(inHanoi));
        nation.awaitFrame(carrying(inHanoi));
        assertThat(hanoi.frames()).noneMatch(carrying(first));

        Correction second = lowered(qnArea, 3);
        send(second);
        quangNinh.awaitFrame(carrying(second));
        assertThat(quangNinh.frames()).noneMatch(carrying(inHanoi));
        assertThat(server.metrics().correctionFrames.count()).isGreaterThanOrEqualTo(5);
    }

    @Test
    void aSubscribeMovesTheCorrectionsWithTheView() {
        WsTestClient screen = subscribed("VN-01");
        screen.send("{\"type\":\"subscribe\",\"unit\":\"VN-22\"}");
        screen.awaitFrame(f -> "snapshot".equals(f.path("type").asText()) && "VN-22".equals(f.path("unit").path("unit_id").asText()));

        Correction c = lowered(qnArea, 7);
        send(c);

        assertThat(screen.awaitFrame(carrying(c)).get("unit").asText()).isEqualTo("VN-22");
    }

    @Test
    void aClientThatStoppedReadingHoldsABoundedNumberOfCorrections() throws Exception {
        WsTestClient fast = subscribed("VN");
        stalled = StalledClient.open(server.port());
        await().atMost(Fixtures.WAIT).until(() -> server.hub().clients() == 2);
        ClientSession stalledSession = server.hub().sessions().stream()
                .filter(s -> s.remotePort() == stalled.getLocalPort()).findFirst().orElseThrow();

        // Big alert frames until the stalled client's buffers are full and it is skipped on the ticks.
        try (UnitsProducer alerts = new UnitsProducer(prefix)) {
            for (int round = 1; server.metrics().framesSkipped.count() == 0; round++) {
                assertThat(round).as("rounds of alerts before the stalled client counted as full").isLessThan(500);
                alerts.sendAlertBatch(StalledClient.bigAlerts(round, 10));
            }
        }
        int flood = 3 * 500 + 1;
        List<Future<?>> sent = new ArrayList<>();
        for (int seq = 1; seq <= flood; seq++) {
            sent.add(producer.send(record(lowered(qnArea, 1000 + seq))));
        }
        producer.flush();
        for (Future<?> f : sent) {
            f.get(30, TimeUnit.SECONDS);
        }
        await().atMost(Fixtures.WAIT).until(() -> server.state().corrections().size() == flood);

        // The stalled one was told nothing more; it holds at most the bound and is due one reload frame instead.
        await().atMost(Fixtures.WAIT).until(stalledSession::correctionsReloadDue);
        assertThat(stalledSession.pendingCorrections()).isZero();
        assertThat(server.hub().clients()).isEqualTo(2);
        // The reading screen got them all, one by one or as a reload of its list.
        Correction last = lowered(qnArea, 1000 + flood);
        fast.awaitFrame(carrying(last).or(f -> "corrections".equals(f.path("type").asText()) && f.path("reload").asBoolean()));
    }

    private WsTestClient subscribed(String unit) {
        WsTestClient c = WsTestClient.connect(vertx, server.port());
        clients.add(c);
        if (!unit.equals(REGISTRY.root())) {
            c.send("{\"type\":\"subscribe\",\"unit\":\"" + unit + "\"}");
        }
        c.awaitFrame(f -> "snapshot".equals(f.path("type").asText()) && unit.equals(f.path("unit").path("unit_id").asText()));
        return c;
    }

    private void send(Correction c) {
        try {
            producer.send(record(c)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot write a correction", e);
        }
    }

    private ProducerRecord<String, Correction> record(Correction c) {
        // One partition: the order written is the order read.
        return new ProducerRecord<>(topic.name(), 0, c.stationId(), c);
    }

    /** A corrections frame that carries this correction. */
    private static Predicate<JsonNode> carrying(Correction c) {
        return f -> {
            if (!"corrections".equals(f.path("type").asText())) {
                return false;
            }
            for (JsonNode item : f.path("corrections")) {
                if (c.correctionId().equals(item.path("correction_id").asText())) {
                    return true;
                }
            }
            return false;
        };
    }

    private static Correction lowered(String area, long seq) {
        return new Correction(area, "main", Correction.VOTED, 120, 100, NINE.plusMinutes(seq % 600).toInstant(), 7 * 3600, seq,
                "tok-" + seq);
    }

    private static String firstArea(String unit) {
        String u = unit;
        while (!REGISTRY.isLeaf(u)) {
            u = REGISTRY.children(u).get(0);
        }
        return u;
    }
}
