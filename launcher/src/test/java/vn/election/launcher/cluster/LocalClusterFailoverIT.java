package vn.election.launcher.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import vn.election.field.feed.KafkaReadingSink;
import vn.election.field.simulator.ElectionDaySimulator;
import vn.election.field.simulator.GroundTruth;
import vn.election.field.simulator.SimulationConfig;
import vn.election.model.registry.Registry;
import vn.election.model.registry.RegistryLoader;
import vn.election.model.registry.Unit;
import vn.election.model.topic.Topic;
import vn.election.model.topic.Topics;
import vn.election.model.unit.UnitSnapshot;

/**
 * The acceptance of {@code election-day cluster}: a simulated day (checkpoint reports with faults, the
 * bundled demo registry) played in real time into the local cluster while a TaskManager is killed three
 * times and a Kafka node (the active controller) once, each started again; every unit must end exactly at
 * the simulator's truth (no reading lost, none counted twice), and the time to recover is printed each time.
 */
class LocalClusterFailoverIT {

    /** Wall-clock length of the simulated day (05:00 to 19:00); the faults happen within it. */
    private static final double DAY_SECONDS = Double.parseDouble(System.getProperty("failover.daySeconds", "170"));
    private static final int TASK_MANAGER_KILLS = 3;

    private final List<String> report = new ArrayList<>();
    private Thread simulation;

    @Test
    void killedTaskManagersAndABrokerLoseNoReadingAndCountNoneTwice() throws Exception {
        long t0 = System.nanoTime();
        Path target = Path.of("target").toAbsolutePath();
        Path lib = target.resolve("lib");
        assertThat(lib).as("the launcher's runtime classpath (copied by 'package'; run this test with mvn verify)")
                .isDirectory();
        Path classes = target.resolve("classes");
        ChildClasspath classpath = ChildClasspath.parse(classes + java.io.File.pathSeparator + lib + "/*");
        Path jar = JobJar.locate(null);   // fails, naming the build command, when the job jar is missing
        Path jobClasses = jar.getParent().resolve("classes");
        if (Files.isDirectory(jobClasses) && Files.walk(jobClasses)
                .anyMatch(f -> f.toFile().lastModified() > jar.toFile().lastModified())) {
            note("WARNING: %s is older than stream-jobs/target/classes: the cluster runs the job as last packaged "
                    + "(build with -am so the job jar is rebuilt)", jar.getFileName());
        }
        Path dir = Files.createDirectories(target.resolve("failover-it")).resolve("run-" + System.currentTimeMillis());

        Registry registry = RegistryLoader.bundledDemo();
        LocalCluster.Settings settings = LocalCluster.Settings.of(dir, "demo", jar).withClasspath(classpath)
                .withCheckpointInterval(Duration.ofSeconds(2));
        try (LocalCluster cluster = LocalCluster.start(settings);
             UnitsWatcher units = new UnitsWatcher(cluster.bootstrapServers())) {
            note("cluster up in %.1f s (data and logs in %s)", seconds(t0), dir);
            FlinkRest rest = cluster.flink().rest();
            String job = cluster.jobId();

            double speed = (19 - 5) * 3600 / DAY_SECONDS;
            ElectionDaySimulator simulator;
            AtomicReference<Throwable> simulatorFailure = new AtomicReference<>();
            KafkaReadingSink sink = new KafkaReadingSink(cluster.bootstrapServers(), "");
            simulator = new ElectionDaySimulator(SimulationConfig.plain(registry, speed,
                    OffsetDateTime.parse("2021-05-23T07:00:00+07:00"), 2021).withFaultsAndAnomalies(true, true), sink);
            simulation = new Thread(simulator, "simulator");
            simulation.setUncaughtExceptionHandler((t, e) -> simulatorFailure.set(e));
            long dayStart = System.nanoTime();
            simulation.start();

            wait(Duration.ofSeconds(60)).until(() -> rest.completedCheckpoints(job) >= 1 && units.count() > 0);
            assertJobMetricsExported(cluster);
            List<Runnable> faults = new ArrayList<>();
            for (int i = 0; i < TASK_MANAGER_KILLS; i++) {
                int n = i + 1;
                faults.add(() -> killTaskManager(cluster, n));
                if (i == 0) {
                    faults.add(() -> killBroker(cluster));
                }
            }
            for (Runnable fault : faults) {
                assertThat(simulatorFailure.get()).as("the simulator's writes to Kafka").isNull();
                if (!simulation.isAlive()) {
                    // Still a fault to recover from (and the last checkpoint's replay), but no new input: say so.
                    note("  (the simulated day ended %.0f s in, before this fault; a larger -Dfailover.daySeconds "
                            + "keeps every fault inside the day)", seconds(dayStart));
                }
                fault.run();
            }

            wait(Duration.ofSeconds((long) DAY_SECONDS + 120)).until(() -> !simulation.isAlive());
            assertThat(simulatorFailure.get()).as("the simulator's writes to Kafka").isNull();
            sink.close();
            note("simulated day over after %.0f s: %d readings delivered", seconds(dayStart), simulator.sent());

            Map<String, long[]> expected = expected(registry, simulator);
            // Every delivered reading is in Kafka exactly once (idempotent producer, acks=all, min ISR 2).
            assertThat(endOffsets(cluster, Topics.READINGS)).as("readings in turnout.readings").isEqualTo(simulator.sent());
            wait(Duration.ofSeconds(120)).until(() -> mismatches(expected, units.latest()).isEmpty());
            assertThat(mismatches(expected, units.latest())).as("units off the truth").isEmpty();
            assertThat(units.latest().get("VN").voted()).isEqualTo(simulator.truth().totalVoted());
            // Flink's numRestarts metric has twice stayed one short after the third kill (CI, 3 December 2026) while
            // the job's exception history had every failure: either shows that each kill made the job recover.
            assertThat(Math.max(rest.restarts(job), rest.failures(job))).as("job restarts (metric) or failures (history)")
                    .isGreaterThanOrEqualTo(TASK_MANAGER_KILLS);
            note("all %d units at the simulator's truth (VN %d of %d voted); job restarted %d times; test took %.0f s",
                    expected.size(), units.latest().get("VN").voted(), units.latest().get("VN").registered(),
                    rest.restarts(job), seconds(t0));
        } finally {
            System.out.println("LocalClusterFailoverIT:\n  " + String.join("\n  ", report));
        }
        deleteTree(dir);   // kept for its logs when the test failed
    }

    /** Kills the TaskManager running the job's tasks, measures the recovery, starts it again. */
    private void killTaskManager(LocalCluster cluster, int n) {
        FlinkRest rest = cluster.flink().rest();
        String job = cluster.jobId();
        try {
            String busy = rest.taskManagers().stream().filter(t -> t.freeSlots() < t.slots()).map(FlinkRest.TaskManager::id)
                    .findFirst().orElseThrow(() -> new AssertionError("no TaskManager runs the job"));
            int index = Integer.parseInt(busy.substring(busy.indexOf('-') + 1));
            ChildJvm victim = cluster.flink().taskManager(index);
            long restartsBefore = rest.restarts(job);
            long failuresBefore = rest.failures(job);
            long checkpointsBefore = rest.completedCheckpoints(job);
            long t = System.nanoTime();
            victim.kill();
            // The restart metric comes through Flink's metric fetcher and once lagged the whole 90 s (CI, 3 December
            // 2026); the job's own exception history says the same at once.
            wait(Duration.ofSeconds(90)).until(() -> (rest.restarts(job) > restartsBefore || rest.failures(job) > failuresBefore)
                    && rest.fullyRunning(job));
            double running = seconds(t);
            long before = unitsCount.get();
            String output = "no new input to show output advancing (the day is over)";
            if (simulation.isAlive()) {
                wait(Duration.ofSeconds(60)).until(() -> unitsCount.get() > before);
                output = String.format("output advancing after %.1f s", seconds(t));
            }
            note("TaskManager kill %d (%s, pid %d): job RUNNING again after %.1f s, %s", n, busy, victim.pid(), running,
                    output);
            victim.start();
            // A restarted TaskManager JVM took 52 s to reach its ResourceID line at a load average of 30 (a clean-clone
            // run beside three builds, 3 December 2026): a deadline, not a figure.
            cluster.flink().awaitTaskManagers(cluster.flink().taskManagers().size(), Duration.ofSeconds(180));
            // The next fault restores from a checkpoint taken after this recovery.
            wait(Duration.ofSeconds(60)).until(() -> rest.completedCheckpoints(job) > checkpointsBefore);
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** Kills the Kafka node that is the active controller, measures how soon output flows again, starts it again. */
    private void killBroker(LocalCluster cluster) {
        KafkaClusterProcesses kafka = cluster.kafka();
        try (Admin admin = kafka.admin()) {
            int leader = admin.describeMetadataQuorum().quorumInfo().get(20, TimeUnit.SECONDS).leaderId();
            KafkaBrokerProcess victim = kafka.broker(leader);
            long restartsBefore = cluster.flink().rest().restarts(cluster.jobId());
            long before = unitsCount.get();
            long t = System.nanoTime();
            victim.kill();
            // Down until the cluster has acted on it: the node fenced, its partitions led by the others.
            wait(Duration.ofSeconds(120)).until(() -> fencedAndReplaced(admin, leader));
            double fenced = seconds(t);
            wait(Duration.ofSeconds(120)).until(() -> unitsCount.get() > before + 10
                    && cluster.flink().rest().fullyRunning(cluster.jobId()));
            double advancing = seconds(t);
            long restarts = cluster.flink().rest().restarts(cluster.jobId()) - restartsBefore;
            victim.start();
            kafka.awaitNodes(Set.of(1, 2, 3), Duration.ofSeconds(90));
            wait(Duration.ofSeconds(120)).until(() -> underReplicated(admin) == 0);
            note("Kafka node %d (active controller) kill: fenced and its partitions moved after %.1f s, output "
                    + "advancing after %.1f s (job restarts: %d); started again, fully replicated %.1f s after the kill",
                    leader, fenced, advancing, restarts, seconds(t));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static boolean fencedAndReplaced(Admin admin, int node) throws Exception {
        boolean fenced = admin.describeCluster().nodes().get(20, TimeUnit.SECONDS).stream().noneMatch(n -> n.id() == node);
        List<String> names = Topics.all().stream().map(Topic::name).toList();
        return fenced && admin.describeTopics(names).allTopicNames().get(20, TimeUnit.SECONDS).values().stream()
                .flatMap(d -> d.partitions().stream()).allMatch(p -> p.leader() != null && p.leader().id() != node);
    }

    private static long underReplicated(Admin admin) throws Exception {
        List<String> names = Topics.all().stream().map(Topic::name).toList();
        return admin.describeTopics(names).allTopicNames().get(20, TimeUnit.SECONDS).values().stream()
                .flatMap(d -> d.partitions().stream()).filter(p -> p.isr().size() < p.replicas().size()).count();
    }

    private static long endOffsets(LocalCluster cluster, Topic<?, ?> topic) throws Exception {
        try (Admin admin = cluster.kafka().admin()) {
            Map<TopicPartition, OffsetSpec> specs = admin.describeTopics(List.of(topic.name())).allTopicNames()
                    .get(20, TimeUnit.SECONDS).get(topic.name()).partitions().stream()
                    .collect(Collectors.toMap(p -> new TopicPartition(topic.name(), p.partition()), p -> OffsetSpec.latest()));
            return admin.listOffsets(specs).all().get(20, TimeUnit.SECONDS).values().stream()
                    .mapToLong(r -> r.offset()).sum();
        }
    }

    /** unit -> {voted, registered} from the simulator's own record of what it delivered. */
    private static Map<String, long[]> expected(Registry registry, ElectionDaySimulator simulator) {
        GroundTruth truth = simulator.truth();
        Map<String, long[]> expected = new HashMap<>();
        simulator.groundTruth().forEach((station, voted) -> {
            for (Unit u : registry.path(station)) {
                long[] e = expected.computeIfAbsent(u.id(), k -> new long[2]);
                e[0] += voted;
                e[1] += truth.registered(station);
            }
        });
        assertThat(expected).hasSize(registry.size());
        return expected;
    }

    private static List<String> mismatches(Map<String, long[]> expected, Map<String, UnitSnapshot> latest) {
        List<String> out = new ArrayList<>();
        expected.forEach((unit, e) -> {
            UnitSnapshot s = latest.get(unit);
            if (s == null || s.voted() != e[0] || s.registered() != e[1]) {
                out.add(unit + ": expected " + e[0] + "/" + e[1] + ", got " + (s == null ? "nothing" : s.voted() + "/" + s.registered()));
            }
        });
        return out;
    }

    private final AtomicLong unitsCount = new AtomicLong();

    /** Reads turnout.units from the start in the background: the latest snapshot per unit, and how many records came. */
    private final class UnitsWatcher implements AutoCloseable {
        private final Map<String, UnitSnapshot> latest = new ConcurrentHashMap<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        UnitsWatcher(String bootstrap) {
            Topic<String, UnitSnapshot> topic = Topics.UNITS;
            thread = new Thread(() -> {
                try (KafkaConsumer<String, UnitSnapshot> consumer = new KafkaConsumer<>(Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"), topic.keyDeserializer(), topic.valueDeserializer())) {
                    List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(30)).stream()
                            .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                    consumer.assign(partitions);
                    consumer.seekToBeginning(partitions);
                    while (running.get()) {
                        consumer.poll(Duration.ofMillis(100)).forEach(r -> {
                            // Updates carry a rising version; a repeat from the at-least-once sink is older or equal.
                            latest.merge(r.key(), r.value(), (old, now) -> now.version() >= old.version() ? now : old);
                            unitsCount.incrementAndGet();
                        });
                    }
                }
            }, "units-watcher");
            thread.setDaemon(true);
            thread.start();
        }

        Map<String, UnitSnapshot> latest() {
            return latest;
        }

        long count() {
            return unitsCount.get();
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(10_000);
        }
    }

    /**
     * The TaskManagers' Prometheus endpoints carry the job's Kafka consumer lag and records per second,
     * what an operator watches to see the job keep up.
     */
    private void assertJobMetricsExported(LocalCluster cluster) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        StringBuilder all = new StringBuilder();
        for (var e : cluster.flink().metricsUrls().entrySet()) {
            java.net.http.HttpResponse<String> r = http.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(e.getValue())).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(e.getKey() + " " + e.getValue()).isEqualTo(200);
            all.append(r.body());
        }
        String text = all.toString();
        assertThat(text).as("Kafka consumer lag of the readings source")
                .containsPattern("(?m)^flink_taskmanager_job_task_operator_(pendingRecords|KafkaSourceReader_KafkaConsumer_records_lag_max)\\{");
        assertThat(text).as("records per second").containsPattern("(?m)^flink_taskmanager_job_task_(operator_)?numRecordsInPerSecond\\{");
        note("Flink metrics exported at %s", cluster.flink().metricsUrls().values());
    }

    private static ConditionFactory wait(Duration atMost) {
        return await().atMost(atMost).pollInterval(Duration.ofMillis(200)).ignoreExceptions();
    }

    private void note(String format, Object... args) {
        String line = String.format(format, args);
        report.add(line);
        System.out.println("LocalClusterFailoverIT: " + line);
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
