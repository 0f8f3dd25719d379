package vn.election.launcher;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import vn.election.jobs.RegistryRef;
import vn.election.launcher.cluster.JobJar;
import vn.election.launcher.cluster.KafkaClusterProcesses;
import vn.election.launcher.cluster.LocalCluster;
import vn.election.model.registry.Registry;

/**
 * {@code election-day cluster}: the distributed topology as local processes (three Kafka brokers, a Flink
 * JobManager and two TaskManagers running the job jar), with ingest, dashboard, simulator and, given
 * {@code --webhook-url}, alert delivery in this process.
 */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = "Run the distributed topology on this machine: three Kafka brokers (KRaft, replication 3, "
                + "min.insync.replicas=2) and a Flink session cluster (a JobManager, two TaskManagers) as separate "
                + "processes, the turnout job submitted as its jar; ingest, dashboard, the simulator and (with --webhook-url) "
                + "alert delivery in this process.")
final class ClusterCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    SystemOptions options = new SystemOptions();

    @Mixin
    WebhookOptions webhookOptions = new WebhookOptions();

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Kafka logs, Flink checkpoints and the processes' logs (logs/) (default: a fresh temporary "
                    + "directory, deleted on exit).")
    Path dataDir;

    @Option(names = "--job-jar", paramLabel = "FILE",
            description = "The shaded turnout job jar (default: stream-jobs/target/stream-jobs-*-job.jar of this checkout, "
                    + "which ./election-day cluster builds when missing).")
    Path jobJar;

    @Override
    public Integer call() throws Exception {
        options.check();
        SystemOptions.LoadedRegistry loaded = options.loadRegistry();
        Registry registry = loaded.registry();
        RegistryRef ref = loaded.ref();
        SystemConfig.Webhooks webhooks = webhookOptions.webhooks(registry);
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
                + (options.noSimulator ? "" : ", simulator") + (webhooks == null ? "" : ", alert delivery") + "...");
        out.flush();
        String registryArg = options.registryFile == null ? "demo" : options.registryFile.toAbsolutePath().toString();
        // Stops whatever was started, in reverse order, however the launcher ends (Ctrl-C, SIGTERM, an error).
        Stopper stopper = new Stopper(dir, temporary);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("Stopping...");
            out.flush();
            stopper.run();
        }, "shutdown"));
        LocalCluster cluster = LocalCluster.start(LocalCluster.Settings.of(dir, registryArg, jar));
        stopper.cluster = cluster;
        EmbeddedSystem services = EmbeddedSystem.startServices(new SystemConfig(registry, ref, "127.0.0.1", options.dashboardPort,
                options.ingestPort, dir.resolve("services"), cluster.bootstrapServers(), "", options.ingestToken,
                options.simulatorSpeed(), options.seed, null), webhooks);
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
        out.println("  Flink metrics: " + String.join(", ", cluster.flink().metricsUrls().values())
                + "   (Prometheus: consumer lag, records/s)");
        out.println("  Processes:     " + cluster.pids().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", ")) + " (this one " + ProcessHandle.current().pid() + ")");
        out.println(options.registryLine(registry));
        out.println("  Data:          " + dir + (temporary ? " (temporary)" : "") + ", logs in " + dir.resolve("logs"));
        out.println(options.simulatorLine());
        out.println(webhookOptions.line(webhooks));
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

}
