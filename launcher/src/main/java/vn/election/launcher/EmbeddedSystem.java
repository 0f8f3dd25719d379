package vn.election.launcher;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import vn.election.edge.EdgeConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.election.dashboard.DashboardConfig;
import vn.election.dashboard.DashboardServer;
import vn.election.dashboard.auth.AccessConfig;
import vn.election.delivery.DeliveryConfig;
import vn.election.delivery.WebhookDelivery;
import vn.election.field.feed.KafkaReadingSink;
import vn.election.field.simulator.ElectionDaySimulator;
import vn.election.field.simulator.SimulationConfig;
import vn.election.ingest.IngestConfig;
import vn.election.ingest.IngestServer;
import vn.election.ingest.IngestTokens;
import vn.election.jobs.TurnoutJobConfig;
import vn.election.kafka.EmbeddedKafkaBroker;
import vn.election.model.topic.TopicAdmin;
import vn.election.model.topic.Topics;

/**
 * The whole system in one process: a real Kafka broker (unless one is given), the turnout job on a
 * local Flink MiniCluster, ingest, dashboard and optionally the simulator and alert delivery (the
 * alert-delivery module's {@code WebhookDelivery}); {@link #close()} stops them in reverse order of start.
 */
public final class EmbeddedSystem implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedSystem.class);
    /** Partitions per topic: a few per core, so the job's parallel subtasks all get work. */
    private static final int PARTITIONS = 4;

    private final Deque<AutoCloseable> running = new ArrayDeque<>();
    private String bootstrapServers;
    private String ingestToken;
    private IngestServer ingest;
    private DashboardServer dashboard;
    /** The oldest observed_at the embedded ingest takes (docs/security.md#readings). */
    static final java.time.Instant EARLIEST_OBSERVED_AT = java.time.Instant.parse("2000-01-01T00:00:00Z");

    private ElectionDaySimulator simulator;
    private Vertx vertx;

    private EmbeddedSystem() {
    }

    /** Starts everything; on any failure, stops what was started and rethrows. */
    public static EmbeddedSystem start(SystemConfig config) throws Exception {
        return start(config, null);
    }

    /** Starts everything, plus webhook delivery of alerts when {@code webhooks} is not null. */
    public static EmbeddedSystem start(SystemConfig config, SystemConfig.Webhooks webhooks) throws Exception {
        return start(config, webhooks, true);
    }

    /**
     * Starts only dashboard, ingest and the simulator (and webhooks when not null) against
     * {@code config.bootstrapServers()}, whose topics and turnout job run elsewhere ({@code election-day cluster}).
     */
    public static EmbeddedSystem startServices(SystemConfig config, SystemConfig.Webhooks webhooks) throws Exception {
        if (config.bootstrapServers() == null) {
            throw new IllegalArgumentException("startServices needs the bootstrap servers of a running Kafka");
        }
        return start(config, webhooks, false);
    }

    private static EmbeddedSystem start(SystemConfig config, SystemConfig.Webhooks webhooks, boolean withJob)
            throws Exception {
        EmbeddedSystem system = new EmbeddedSystem();
        try {
            system.startAll(config, withJob);
            if (webhooks != null) {
                system.startWebhooks(config, webhooks);
            }
            return system;
        } catch (Exception | Error e) {
            system.close();
            throw e;
        }
    }

    private void startAll(SystemConfig config, boolean withJob) throws Exception {
        long t0 = System.nanoTime();
        Files.createDirectories(config.dataDir());
        if (config.bootstrapServers() == null) {
            EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(config.dataDir().resolve("kafka"), 0);
            running.push(broker);
            bootstrapServers = broker.bootstrapServers();
        } else {
            bootstrapServers = config.bootstrapServers();
        }
        if (withJob) {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
                TopicAdmin.createAll(admin, config.topicPrefix(), PARTITIONS, (short) 1);
            }
            TurnoutJobConfig jobConfig = TurnoutJobConfig.defaults(bootstrapServers, config.registryRef())
                    .withTopicPrefix(config.topicPrefix()).withTargets(config.screen().targets());
            running.push(FlinkLocalJob.start(jobConfig, config.dataDir().resolve("checkpoints")));
        }

        vertx = Vertx.vertx();
        running.push(() -> vertx.close().await(10, TimeUnit.SECONDS));
        IngestTokens tokens = new IngestTokens();
        ingestToken = config.ingestToken();
        if (ingestToken == null && config.tokenStore() == null) {
            ingestToken = tokens.generate(config.registry().root());
        } else if (ingestToken != null) {
            tokens.register(ingestToken, config.registry().root());
        }
        dashboard = DashboardServer.start(vertx, DashboardConfig.defaults(bootstrapServers, config.registry())
                .withHost(config.bind()).withPort(config.dashboardPort()).withTopicPrefix(config.topicPrefix())
                .withScreen(config.screen())
                .withAccess(new AccessConfig(config.usersFile(), System.getenv("DASHBOARD_SESSION_SECRET"), null)),
                        EdgeConfig.fromEnv(System.getenv(), "DASHBOARD", config.bind()))
                .await(60, TimeUnit.SECONDS);
        running.push(() -> dashboard.close().await(10, TimeUnit.SECONDS));
        IngestConfig defaults = IngestConfig.defaults(bootstrapServers, config.registry());
        ingest = IngestServer.start(vertx, new IngestConfig(config.bind(), config.ingestPort(), bootstrapServers,
                config.topicPrefix(), config.registry(), defaults.maxBatch(), defaults.maxBodyBytes(),
                defaults.maxClockSkew()).withTokenStore(config.tokenStore())
                        // The embedded system is also where past days are replayed (replay, simulate --day): no
                        // bound on age, but a floor that still refuses a device clock reset to 1900 or 1970.
                        .withMaxObservedAge(Duration.ZERO).withEarliestObservedAt(EARLIEST_OBSERVED_AT), tokens,
                EdgeConfig.fromEnv(System.getenv(), "INGEST", config.bind())).await(60, TimeUnit.SECONDS);
        running.push(() -> ingest.close().await(10, TimeUnit.SECONDS));

        if (config.simulatorOn()) {
            startSimulator(config);
        }
        LOG.info("Election-day system up in {} ms", (System.nanoTime() - t0) / 1_000_000);
    }

    private void startWebhooks(SystemConfig config, SystemConfig.Webhooks webhooks) {
        DeliveryConfig delivery = new DeliveryConfig(bootstrapServers, config.topicPrefix(), DeliveryConfig.DEFAULT_GROUP_ID,
                webhooks.urls(), webhooks.secret(), config.registry(), DeliveryConfig.DEFAULT_GROUP_DEPTH,
                DeliveryConfig.DEFAULT_GROUP_WAIT, DeliveryConfig.DEFAULT_GROUP_INTERVAL, DeliveryConfig.DEFAULT_REPEAT_INTERVAL,
                DeliveryConfig.DEFAULT_BACKOFF_INITIAL, DeliveryConfig.DEFAULT_BACKOFF_MAX,
                DeliveryConfig.DEFAULT_REQUEST_TIMEOUT, webhooks.silencesFile(), webhooks.routesFile());
        // On the dashboard's registry: its /metrics shows deliveries attempted, failed and pending.
        WebhookDelivery d = WebhookDelivery.start(delivery, dashboard.meterRegistry());
        running.push(d::close);
    }

    private void startSimulator(SystemConfig config) {
        // Today's election day at 07:00 in Vietnam's offset, so "as of" times read like a live day.
        OffsetDateTime open = OffsetDateTime.of(LocalDate.now(ZoneOffset.ofHours(7)), LocalTime.of(7, 0),
                ZoneOffset.ofHours(7));
        KafkaReadingSink sink = new KafkaReadingSink(bootstrapServers, config.topicPrefix());
        // Faults and anomalies on, as on a real day; the clock starts at 06:58 so the demo shows turnout
        // rising at once (what early teams observed since 05:00 is delivered at the start).
        simulator = new ElectionDaySimulator(SimulationConfig.plain(config.registry(), config.simulatorSpeed(), open,
                config.seed()).withFaultsAndAnomalies(true, true).withStartMinute(-2), sink);
        Thread thread = new Thread(simulator, "simulator");
        thread.setDaemon(true);
        running.push(() -> {
            simulator.stop();
            thread.join(10_000);
            sink.close();
        });
        thread.start();
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The root token ({@code --ingest-token} or a fresh one); null when only the token store's tokens are in use. */
    public String ingestToken() {
        return ingestToken;
    }

    public int dashboardPort() {
        return dashboard.port();
    }

    public int ingestPort() {
        return ingest.port();
    }

    /** The running simulator, or null when it is off. */
    public ElectionDaySimulator simulator() {
        return simulator;
    }

    @Override
    public synchronized void close() {
        while (!running.isEmpty()) {
            try {
                running.pop().close();
            } catch (Exception e) {
                LOG.warn("Stopping a part of the system failed: {}", e.toString());
            }
        }
    }

    static void deleteTree(java.nio.file.Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", dir, e.getMessage());
        }
    }
}
