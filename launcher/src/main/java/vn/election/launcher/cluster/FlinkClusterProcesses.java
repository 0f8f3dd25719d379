package vn.election.launcher.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.BlobServerOptions;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.WebOptions;

/**
 * A Flink standalone session cluster as separate JVMs from the launcher's jars: one JobManager and
 * {@code n} TaskManagers, a generated {@code conf/config.yaml} (loopback, checkpoints on disk, a bounded
 * restart strategy, short heartbeats), memory flags from Flink's own {@code BashJavaUtils}.
 */
public final class FlinkClusterProcesses implements AutoCloseable {

    static final String JOB_MANAGER_MAIN = "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
    static final String TASK_MANAGER_MAIN = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
    static final String BASH_JAVA_UTILS = "org.apache.flink.runtime.util.bash.BashJavaUtils";
    static final String PROMETHEUS_REPORTER = "org.apache.flink.metrics.prometheus.PrometheusReporterFactory";
    private static final String REPORTER_PORT = "metrics.reporter.prom.port";
    /** Slots per TaskManager: either one alone holds the job at parallelism 2, so a lost TaskManager is replaced at once. */
    public static final int SLOTS = 2;

    private final ChildJvm jobManager;
    private final List<ChildJvm> taskManagers;
    private final FlinkRest rest;
    private final Map<String, Integer> metricsPorts;

    private FlinkClusterProcesses(ChildJvm jobManager, List<ChildJvm> taskManagers, FlinkRest rest,
                                  Map<String, Integer> metricsPorts) {
        this.jobManager = jobManager;
        this.taskManagers = List.copyOf(taskManagers);
        this.rest = rest;
        this.metricsPorts = Map.copyOf(metricsPorts);
    }

    /** Writes the configuration under {@code dir}, starts the JobManager and the TaskManagers, waits until all registered. */
    static FlinkClusterProcesses start(Path dir, Path logs, ChildClasspath classpath, String loggingFlag, int taskManagerCount)
            throws IOException, InterruptedException {
        Path conf = dir.resolve("conf");
        Files.createDirectories(conf);
        int[] ports = FreePorts.take(3 + taskManagerCount);
        int rpcPort = ports[0];
        int restPort = ports[1];
        // Each process its own Prometheus endpoint (consumer lag, records/s, checkpoints): docs/security.md#metrics.
        Map<String, Integer> metricsPorts = new LinkedHashMap<>();
        metricsPorts.put("flink-jobmanager", ports[2]);
        Files.writeString(conf.resolve("config.yaml"), configYaml(dir, rpcPort, restPort));
        String cp = classpath.forFlink();

        var jmParams = java.util.concurrent.CompletableFuture.supplyAsync(() -> memoryParams(cp, conf, logs,
                "GET_JM_RESOURCE_PARAMS", loggingFlag));
        String[] tm = memoryParams(cp, conf, logs, "GET_TM_RESOURCE_PARAMS", loggingFlag);
        String[] jm;
        try {
            jm = jmParams.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw new IOException(e.getCause().getMessage(), e.getCause());
        }
        ChildJvm jobManager = new ChildJvm("flink-jobmanager", jvmFlags(jm[0], loggingFlag, logs, "flink-jobmanager"), cp,
                JOB_MANAGER_MAIN, args(conf, jm[1], List.of("-D", REPORTER_PORT + "=" + ports[2])),
                logs.resolve("flink-jobmanager.log"));
        List<ChildJvm> taskManagers = new ArrayList<>();
        for (int i = 1; i <= taskManagerCount; i++) {
            String name = "flink-taskmanager-" + i;
            metricsPorts.put(name, ports[2 + i]);
            // A fixed resource id, so the REST API names each TaskManager as we do.
            taskManagers.add(new ChildJvm(name, jvmFlags(tm[0], loggingFlag, logs, name), cp, TASK_MANAGER_MAIN,
                    args(conf, tm[1], List.of("-D", TaskManagerOptions.TASK_MANAGER_RESOURCE_ID.key() + "=" + taskManagerId(i),
                            "-D", REPORTER_PORT + "=" + ports[2 + i])),
                    logs.resolve(name + ".log")));
        }
        FlinkClusterProcesses cluster = new FlinkClusterProcesses(jobManager, taskManagers,
                new FlinkRest("http://127.0.0.1:" + restPort), metricsPorts);
        try {
            jobManager.start();
            for (ChildJvm t : taskManagers) {
                t.start();
            }
            cluster.awaitTaskManagers(taskManagerCount, Duration.ofSeconds(120));
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** Each process's Prometheus endpoint, {@code http://127.0.0.1:PORT/metrics}, by process name. */
    public Map<String, String> metricsUrls() {
        Map<String, String> urls = new LinkedHashMap<>();
        metricsPorts.forEach((name, port) -> urls.put(name, "http://127.0.0.1:" + port + "/metrics"));
        return urls;
    }

    /** The resource id TaskManager {@code i} (from 1) registers with. */
    public static String taskManagerId(int i) {
        return "tm-" + i;
    }

    private static String configYaml(Path dir, int rpcPort, int restPort) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put(JobManagerOptions.ADDRESS.key(), "127.0.0.1");
        c.put(JobManagerOptions.BIND_HOST.key(), "127.0.0.1");
        c.put(JobManagerOptions.PORT.key(), rpcPort);
        c.put(RestOptions.ADDRESS.key(), "127.0.0.1");
        c.put(RestOptions.BIND_ADDRESS.key(), "127.0.0.1");
        c.put(RestOptions.PORT.key(), restPort);
        c.put(TaskManagerOptions.HOST.key(), "127.0.0.1");
        c.put(TaskManagerOptions.BIND_HOST.key(), "127.0.0.1");
        c.put(BlobServerOptions.PORT.key(), "0");
        c.put(JobManagerOptions.TOTAL_PROCESS_MEMORY.key(), "1024m");
        c.put(TaskManagerOptions.TOTAL_PROCESS_MEMORY.key(), "1280m");
        // The job keeps its state on the heap (hashmap backend): little managed memory is needed.
        c.put(TaskManagerOptions.MANAGED_MEMORY_SIZE.key(), "64m");
        c.put(TaskManagerOptions.NUM_TASK_SLOTS.key(), SLOTS);
        c.put(CoreOptions.DEFAULT_PARALLELISM.key(), 2);
        c.put(CheckpointingOptions.CHECKPOINTS_DIRECTORY.key(), dir.resolve("checkpoints").toUri().toString());
        c.put(CheckpointingOptions.SAVEPOINT_DIRECTORY.key(), dir.resolve("savepoints").toUri().toString());
        // Bounded, for jobs that set none (the turnout job sets its own failure-rate strategy, which wins).
        c.put(RestartStrategyOptions.RESTART_STRATEGY.key(), "exponential-delay");
        c.put(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF.key(), "1 s");
        c.put(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF.key(), "30 s");
        c.put(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS.key(), 50);
        // A killed TaskManager is noticed within seconds, not the default 50 s.
        c.put(HeartbeatManagerOptions.HEARTBEAT_INTERVAL.key(), "2 s");
        c.put(HeartbeatManagerOptions.HEARTBEAT_TIMEOUT.key(), "10 s");
        c.put(CoreOptions.TMP_DIRS.key(), dir.resolve("tmp").toAbsolutePath().toString());
        c.put(WebOptions.UPLOAD_DIR.key(), dir.resolve("uploads").toAbsolutePath().toString());
        c.put(WebOptions.TMP_DIR.key(), dir.resolve("web-tmp").toAbsolutePath().toString());
        // As in compose and Kubernetes: every process exports its metrics for Prometheus (port given per process).
        c.put("metrics.reporter.prom.factory.class", PROMETHEUS_REPORTER);
        StringBuilder yaml = new StringBuilder("# Written by 'election-day cluster' (a Flink standalone session on loopback).\n");
        c.forEach((k, v) -> yaml.append(k).append(": ").append(v instanceof String s ? "\"" + s + "\"" : v).append('\n'));
        return yaml.toString();
    }

    /** Runs {@code BashJavaUtils COMMAND}: [0] the JVM memory flags, [1] the {@code -D} properties that go with them. */
    private static String[] memoryParams(String classpath, Path conf, Path logs, String command, String loggingFlag) {
        try {
            return runMemoryParams(classpath, conf, logs, command, loggingFlag);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking BashJavaUtils " + command, e);
        }
    }

    private static String[] runMemoryParams(String classpath, Path conf, Path logs, String command, String loggingFlag)
            throws IOException, InterruptedException {
        Path out = logs.resolve("flink-" + command.toLowerCase() + ".log");
        Files.deleteIfExists(out);
        ChildJvm tool = new ChildJvm("flink " + command, List.of("-Xmx128m", loggingFlag), classpath, BASH_JAVA_UTILS,
                List.of(command, "--configDir", conf.toString()), out);
        tool.runToEnd(Duration.ofSeconds(60));
        String prefix = "BASH_JAVA_UTILS_EXEC_RESULT:";
        List<String> results = Files.readAllLines(out).stream().filter(l -> l.startsWith(prefix))
                .map(l -> l.substring(prefix.length()).trim()).toList();
        if (results.size() < 2) {
            throw new IOException("Flink's BashJavaUtils " + command + " gave no memory settings (log " + out + ")");
        }
        return new String[] {results.get(results.size() - 2), results.get(results.size() - 1)};
    }

    private static List<String> jvmFlags(String memory, String loggingFlag, Path logs, String name) {
        List<String> flags = new ArrayList<>(Arrays.asList(memory.split("\\s+")));
        flags.add("-XX:+IgnoreUnrecognizedVMOptions");
        flags.addAll(ChildJvm.ADD_OPENS);
        flags.add(loggingFlag);
        flags.add("-Dlog.file=" + logs.resolve(name + ".log").toAbsolutePath());
        return flags;
    }

    private static List<String> args(Path conf, String dynamicProperties, List<String> more) {
        List<String> args = new ArrayList<>(List.of("--configDir", conf.toString()));
        if (!dynamicProperties.isBlank()) {
            args.addAll(Arrays.asList(dynamicProperties.split("\\s+")));
        }
        args.addAll(more);
        return args;
    }

    /** Waits until {@code n} TaskManagers are registered with the JobManager. */
    public void awaitTaskManagers(int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!jobManager.alive()) {
                throw new IllegalStateException("the Flink JobManager exited: " + jobManager.lastLines(5)
                        + " (log " + jobManager.log() + ")");
            }
            try {
                int registered = rest.taskManagers().size();
                if (registered == n) {
                    return;
                }
                last = registered + " registered";
            } catch (IOException e) {
                last = e.getMessage();
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(n + " Flink TaskManagers did not register within " + timeout.toSeconds()
                + " s (" + last + "; logs in " + jobManager.log().getParent() + ")");
    }

    /** The REST URL of the JobManager, {@code http://127.0.0.1:PORT}. */
    public String restUrl() {
        return rest.baseUrl();
    }

    public FlinkRest rest() {
        return rest;
    }

    public ChildJvm jobManager() {
        return jobManager;
    }

    public List<ChildJvm> taskManagers() {
        return taskManagers;
    }

    /** TaskManager {@code i} (from 1), registered as {@link #taskManagerId(int)}. */
    public ChildJvm taskManager(int i) {
        return taskManagers.get(i - 1);
    }

    /** TaskManagers first, then the JobManager. */
    @Override
    public void close() {
        taskManagers.forEach(ChildJvm::stopAsync);
        taskManagers.forEach(t -> t.stop(Duration.ofSeconds(15)));
        jobManager.stop(Duration.ofSeconds(15));
    }
}
