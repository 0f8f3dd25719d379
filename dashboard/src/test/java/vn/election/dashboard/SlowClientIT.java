package vn.election.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static vn.election.dashboard.Fixtures.await;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.election.dashboard.push.ClientSession;
import vn.election.testing.SharedKafka;

/**
 * Fast screens and one that stopped reading, on one instance, under a flood of updates and large
 * alert frames: the fast ones keep getting every change (delays printed, not asserted), the stalled
 * one is written a bounded number of frames, skipped, then dropped.
 */
@ExtendWith(VertxExtension.class)
class SlowClientIT {

    private static final Logger LOG = LoggerFactory.getLogger(SlowClientIT.class);
    private static final int FAST_CLIENTS = 5;
    private static final int VERSIONS = 200;
    private static final Duration STALLED_AFTER = Duration.ofSeconds(3);
    /** Versions timed one by one after the flood, above the flood's. */
    private static final int LIVE_BASE = VERSIONS + 1;
    private static final int LIVE_VERSIONS = 40;

    private Vertx vertx;
    private UnitsProducer producer;
    private DashboardServer server;
    private final List<WsTestClient> fast = new ArrayList<>();
    private Socket stalled;

    @BeforeEach
    void setUp(Vertx vertx) {
        this.vertx = vertx;
        String prefix = SharedKafka.freshPrefix("SlowClientIT");
        producer = new UnitsProducer(prefix);
        server = await(DashboardServer.start(vertx, DashboardConfig.defaults(SharedKafka.bootstrapServers(), Fixtures.REGISTRY)
                .withPort(0).withTopicPrefix(prefix).withPushInterval(Duration.ofMillis(50)).withStalledAfter(STALLED_AFTER)));
        await().atMost(Fixtures.WAIT).until(server::caughtUp);
    }

    @AfterEach
    void tearDown() throws IOException {
        fast.forEach(WsTestClient::close);
        if (stalled != null) {
            stalled.close();
        }
        await(server.close());
        producer.close();
    }

    @Test
    void fastScreensKeepUpWhileAStalledOneIsThrottledThenDropped() throws IOException {
        for (int i = 0; i < FAST_CLIENTS; i++) {
            fast.add(WsTestClient.connect(vertx, server.port()));
        }
        stalled = StalledClient.open(server.port());
        await().atMost(Fixtures.WAIT).until(() -> server.hub().clients() == FAST_CLIENTS + 1);
        ClientSession stalledSession = server.hub().sessions().stream()
                .filter(s -> s.remotePort() == stalled.getLocalPort()).findFirst().orElseThrow();

        // The flood: every round, new figures and ten alerts of 2 KB each, pushed to every screen.
        for (int v = 1; v <= VERSIONS; v++) {
            producer.sendAlertBatch(StalledClient.bigAlerts(v, 10));
            producer.send(Fixtures.snapshot("VN", 1_000_000, 1000L * v, v));
        }

        // Every fast screen ends on the latest figures.
        for (WsTestClient c : fast) {
            c.awaitFrame(WsTestClient.updateOf("VN", VERSIONS));
        }
        long fastFramesMin = fast.stream().mapToLong(c -> c.frames().size()).min().orElseThrow();
        long stalledFrames = stalledSession.framesSent();
        List<Long> delaysMs = liveDelays();
        Collections.sort(delaysMs);
        LOG.info("Slow-client test: {} fast clients got at least {} frames each; delay from produce to frame p50 {} ms, "
                        + "p99 {} ms, max {} ms over {} samples; the stalled client was written {} frames, skipped on {} ticks",
                FAST_CLIENTS, fastFramesMin, pct(delaysMs, 50), pct(delaysMs, 99), pct(delaysMs, 100), delaysMs.size(),
                stalledFrames, (long) server.metrics().framesSkipped.count());

        assertThat(server.metrics().framesSkipped.count()).as("ticks on which the stalled client was skipped").isPositive();
        // Throttled: while the fast screens took the timed changes, nothing more was written to the stalled one.
        assertThat(stalledSession.framesSent()).as("frames written to the stalled client meanwhile").isEqualTo(stalledFrames);
        // Bounded: it was written only what fits its socket buffers before its queue counted as full.
        assertThat(stalledFrames).as("frames written to the stalled client").isLessThan(fastFramesMin);
        await().atMost(STALLED_AFTER.multipliedBy(5)).until(() -> server.hub().clients() == FAST_CLIENTS);
        assertThat(server.metrics().clientsDropped.count()).isEqualTo(1.0);

        // The fast ones are still served after the drop.
        long after = LIVE_BASE + LIVE_VERSIONS;
        producer.send(Fixtures.snapshot("VN", 1_000_000, 999_999, after));
        for (WsTestClient c : fast) {
            c.awaitFrame(WsTestClient.updateOf("VN", after));
        }
    }

    /** While the stalled client is still connected: new figures, timed until every fast client has them. */
    private List<Long> liveDelays() {
        List<Long> delays = new ArrayList<>();
        for (int v = LIVE_BASE; v < LIVE_BASE + LIVE_VERSIONS; v++) {
            long start = System.nanoTime();
            producer.send(Fixtures.snapshot("VN", 1_000_000, 500_000 + v, v));
            for (WsTestClient c : fast) {
                c.awaitFrame(WsTestClient.updateOf("VN", v));
                delays.add((c.arrivalOf(WsTestClient.updateOf("VN", v)) - start) / 1_000_000);
            }
        }
        return delays;
    }

    private static long pct(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return -1;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }
}
