package vn.election.launcher;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import vn.election.jobs.RegistryRef;
import vn.election.launcher.cluster.JobJar;
import vn.election.launcher.cluster.KafkaClusterProcesses;
import vn.election.launcher.cluster.LocalCluster;
import vn.election.model.registry.Registry;
import vn.election.model.registry.RegistryException;

/**
 * {@code election-day cluster}: the distributed topology as local processes (three Kafka brokers, a Flink
 * JobManager and two TaskManagers running the job jar), with ingest, dashboard and simulator in this process.
 */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = "Run the distributed topology on this machine: three Kafka brokers (KRaft, replication 3, "
                + "min.insync.replicas=2) and a Flink session cluster (a JobManager, two TaskManagers) as separate "
                + "processes, the turnout job submitted as its jar; ingest, dashboard and the simulator in this process.")
final class ClusterCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--registry", paramLabel = "FILE", description = "Registry CSV (default: the bundled demo registry).")
    Path registryFile;

    @Option(names = "--no-simulator", description = "Do not simulate an election day; wait for real readings.")
    boolean noSimulator;

    @Option(names = "--dashboard-port", paramLabel = "N", defaultValue = "8080", description = "Dashboard port (default: ${DEFAULT-VALUE}).")
    int dashboardPort;

    @Option(names = "--ingest-port", paramLabel = "N", defaultValue = "8081", description = "Ingest port (default: ${DEFAULT-VALUE}).")
    int ingestPort;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Kafka logs, Flink checkpoints and the processes' logs (logs/) (default: a fresh temporary "
                    + "directory, deleted on exit).")
    Path dataDir;

    @Option(names = "--ingest-token", paramLabel = "TOKEN", description = "Token for reporting units (default: a fresh one, printed).")
    String ingestToken;

    @Option(names = "--speed", paramLabel = "X", defaultValue = "60",
            description = "Simulator speed: simulated seconds per second, 0 = as fast as possible (default: ${DEFAULT-VALUE}).")
    double speed;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "2021", description = "Simulator seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--job-jar", paramLabel = "FILE",
            description = "The shaded turnout job jar (default: stream-jobs/target/stream-jobs-*-job.jar of this checkout, "
                    + "which ./election-day cluster builds when missing).")
    Path jobJar;

    @Override
    public Integer call() throws Exception {
        checkPort("--dashboard-port", dashboardPort);
        checkPort("--ingest-port", ingestPort);
        if (dashboardPort == ingestPort && dashboardPort != 0) {
            throw new ParameterException(spec.commandLine(), "--dashboard-port and --ingest-port are both " + dashboardPort);
        }
        if (speed < 0) {
            throw new ParameterException(spec.commandLine(), "--speed must be 0 (as fast as possible) or more, got " + speed);
        }
        Registry registry;
        RegistryRef ref;
        try {
            ref = registryFile == null ? RegistryRef.bundledDemo() : RegistryRef.file(registryFile);
            registry = ref.load();
        } catch (RegistryException e) {
            throw new ParameterException(spec.commandLine(), "--registry: " + e.getMessage());
        }
        Path jar;
        try {
            jar = JobJar.locate(jobJar);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        boolean temporary = dataDir == null;
        Path dir = temporary ? Files.createTempDirectory("election-day-cluster-") : dataDir.toAbsolutePath();
        Files.createDirectories(dir);

        PrintWriter out = spec.commandLine().getOut();
        out.println("Starting the local cluster (3 Kafka brokers, a Flink JobManager and 2 TaskManagers as separate "
                + "processes; logs in " + dir.resolve("logs") + "), then ingest, dashboard"
                + (noSimulator ? "" : ", simulator") + "...");
        out.flush();
        String registryArg = registryFile == null ? "demo" : registryFile.toAbsolutePath().toString();
        // Stops whatever was started, in reverse order, however the launcher ends (Ctrl-C, SIGTERM, an error).
        Stopper stopper = new Stopper(dir, temporary);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("Stopping...");
            out.flush();
            stopper.run();
        }, "shutdown"));
        LocalCluster cluster = LocalCluster.start(LocalCluster.Settings.of(dir, registryArg, jar));
        stopper.cluster = cluster;
        EmbeddedSystem services = EmbeddedSystem.startServices(new SystemConfig(registry, ref, "127.0.0.1", dashboardPort,
                ingestPort, dir.resolve("services"), cluster.bootstrapServers(), "", ingestToken,
                noSimulator ? -1 : speed, seed, null), null);
        stopper.services = services;

        out.println();
        out.println("  Dashboard:     http://127.0.0.1:" + services.dashboardPort() + "/");
        out.println("  Ingest API:    http://127.0.0.1:" + services.ingestPort() + "/api/v1/readings");
        if (services.ingestToken() != null) {
            out.println("  Ingest token:  " + services.ingestToken() + "   (scoped to " + registry.root() + ")");
        }
        out.println("  Kafka:         " + cluster.bootstrapServers() + "   (" + KafkaClusterProcesses.NODES
                + " brokers, replication 3, min.insync.replicas=2)");
        out.println("  Flink:         " + cluster.restUrl() + "   (job " + cluster.jobId() + ")");
        out.println("  Processes:     " + cluster.pids().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", ")) + " (this one " + ProcessHandle.current().pid() + ")");
        out.println("  Registry:      " + (registryFile == null ? "bundled demo" : registryFile) + " ("
                + registry.descendantsAt(registry.root(), registry.leafDepth()) + " polling areas, levels "
                + String.join(" > ", registry.levels()) + ")");
        out.println("  Data:          " + dir + (temporary ? " (temporary)" : "") + ", logs in " + dir.resolve("logs"));
        out.println(noSimulator ? "  Simulator:     off" : "  Simulator:     on, " + (speed == 0 ? "as fast as possible" : speed + "x"));
        out.println();
        out.println("Press Ctrl-C to stop (the child processes also exit if this one is killed).");
        out.flush();
        stopper.stopped.await();
        return 0;
    }

    /** The shutdown work: services, then the cluster, then a temporary data directory. */
    private static final class Stopper implements Runnable {
        final Path dir;
        final boolean temporary;
        final CountDownLatch stopped = new CountDownLatch(1);
        volatile LocalCluster cluster;
        volatile EmbeddedSystem services;

        Stopper(Path dir, boolean temporary) {
            this.dir = dir;
            this.temporary = temporary;
        }

        @Override
        public synchronized void run() {
            if (services != null) {
                services.close();
            }
            if (cluster != null) {
                cluster.close();
            }
            if (temporary) {
                EmbeddedSystem.deleteTree(dir);
            }
            stopped.countDown();
        }
    }

    private void checkPort(String option, int port) {
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), option + " must be 0..65535, got " + port);
        }
    }
}
