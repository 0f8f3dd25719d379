package vn.election.launcher;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import vn.election.dashboard.ScreenConfig;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import vn.election.jobs.RegistryRef;
import vn.election.model.registry.Registry;
import vn.election.model.registry.RegistryException;
import vn.election.model.registry.RegistryLoader;

/** {@code election-day run}: the whole system in this process until Ctrl-C. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run Kafka (in-process), the Flink turnout job, ingest, dashboard and the simulator in one process.")
final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--registry", paramLabel = "FILE", description = "Registry CSV (default: the bundled demo registry).")
    Path registryFile;

    @Option(names = "--baseline", paramLabel = "FILE",
            description = "The previous election's turnout curves for the dashboard, CSV unit_id,time,turnout_pct "
                    + "(default: a bundled illustrative national curve).")
    Path baselineFile;

    @Option(names = "--no-simulator", description = "Do not simulate an election day; wait for real readings.")
    boolean noSimulator;

    @Option(names = "--dashboard-port", paramLabel = "N", defaultValue = "8080", description = "Dashboard port (default: ${DEFAULT-VALUE}).")
    int dashboardPort;

    @Option(names = "--ingest-port", paramLabel = "N", defaultValue = "8081", description = "Ingest port (default: ${DEFAULT-VALUE}).")
    int ingestPort;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Keep the Kafka log and Flink checkpoints here across runs (default: a fresh temporary directory, deleted on exit).")
    Path dataDir;

    @Option(names = "--ingest-token", paramLabel = "TOKEN", description = "Token for reporting units (default: a fresh one, printed).")
    String ingestToken;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--speed", paramLabel = "X", defaultValue = "60",
            description = "Simulator speed: simulated seconds per second, 0 = as fast as possible (default: ${DEFAULT-VALUE}, the 12-hour day in 12 minutes).")
    double speed;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "2021", description = "Simulator seed (default: ${DEFAULT-VALUE}).")
    long seed;

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
        if (!isLoopback(bind)) {
            // CONTRACT.md: off loopback the dashboard requires a login, and logins do not exist yet.
            throw new ParameterException(spec.commandLine(), "--bind " + bind + " is not a loopback address; "
                    + "off loopback the dashboard must require a login, which this version does not have yet");
        }
        Registry registry;
        RegistryRef ref;
        try {
            ref = registryFile == null ? RegistryRef.bundledDemo() : RegistryRef.file(registryFile);
            registry = ref.load();
        } catch (RegistryException e) {
            throw new ParameterException(spec.commandLine(), "--registry: " + e.getMessage());
        }
        ScreenConfig screen = ScreenConfig.defaults();
        if (baselineFile != null) {
            try {
                screen = screen.withBaseline(ScreenConfig.baseline(baselineFile, null));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--baseline: " + e.getMessage());
            }
        }
        boolean temporary = dataDir == null;
        Path dir = temporary ? Files.createTempDirectory("election-day-") : dataDir.toAbsolutePath();

        PrintWriter out = spec.commandLine().getOut();
        out.println("Starting the election-day system (Kafka, Flink, ingest, dashboard"
                + (noSimulator ? "" : ", simulator") + ")...");
        out.flush();
        EmbeddedSystem system = EmbeddedSystem.start(new SystemConfig(registry, ref, bind, dashboardPort, ingestPort, dir,
                null, "", ingestToken, noSimulator ? -1 : speed, seed, screen));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("Stopping...");
            out.flush();
            system.close();
            if (temporary) {
                EmbeddedSystem.deleteTree(dir);
            }
            stopped.countDown();
        }, "shutdown"));

        out.println();
        out.println("  Dashboard:     http://" + bind + ":" + system.dashboardPort() + "/");
        out.println("  Ingest API:    http://" + bind + ":" + system.ingestPort() + "/api/v1/readings");
        out.println("  Ingest token:  " + system.ingestToken() + "   (scoped to " + registry.root() + ")");
        out.println("  Kafka:         " + system.bootstrapServers());
        out.println("  Registry:      " + (registryFile == null ? "bundled demo" : registryFile) + " ("
                + registry.descendantsAt(registry.root(), registry.leafDepth()) + " polling areas, levels "
                + String.join(" > ", registry.levels()) + ")");
        out.println("  Data:          " + dir + (temporary ? " (temporary)" : ""));
        out.println(noSimulator ? "  Simulator:     off" : "  Simulator:     on, " + (speed == 0 ? "as fast as possible" : speed + "x"));
        out.println();
        out.println("Press Ctrl-C to stop.");
        out.flush();
        stopped.await();
        return 0;
    }

    private void checkPort(String option, int port) {
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), option + " must be 0..65535, got " + port);
        }
    }

    private static boolean isLoopback(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
