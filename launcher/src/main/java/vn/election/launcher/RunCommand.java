package vn.election.launcher;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import vn.election.dashboard.web.ScreenConfig;
import vn.election.jobs.RegistryRef;
import vn.election.model.registry.Registry;
import vn.election.model.registry.RegistryLoader;
import vn.election.model.targets.TurnoutTargets;

/** {@code election-day run}: the whole system in this process until Ctrl-C. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run Kafka (in-process), the Flink turnout job, ingest, dashboard and the simulator in one process.")
final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    SystemOptions options = new SystemOptions();

    @Mixin
    WebhookOptions webhookOptions = new WebhookOptions();

    @Option(names = "--baseline", paramLabel = "FILE",
            description = "The previous election's turnout curves for the dashboard, CSV unit_id,time,turnout_pct "
                    + "(default: a bundled illustrative national curve).")
    Path baselineFile;

    @Option(names = "--previous-term", paramLabel = "FILE",
            description = "The previous term's shares of units at 100%% for the reports, CSV unit_id,level,complete_pct "
                    + "(default: bundled illustrative shares for the demo registry).")
    Path previousTermFile;

    @Option(names = "--targets", paramLabel = "FILE",
            description = "Turnout targets per unit, CSV unit_id,target_pct; a unit without a line has its nearest "
                    + "ancestor's (default: 99.5%% for every unit). The job judges units at close by them, the page draws them.")
    Path targetsFile;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Keep the Kafka log and Flink checkpoints here across runs (default: a fresh temporary directory, deleted on exit).")
    Path dataDir;

    @Option(names = "--token-store", paramLabel = "FILE",
            description = "Ingest tokens made with 'election-day token create' (re-read when the file changes, so a "
                    + "revocation counts without a restart). With it, no root token is made unless --ingest-token is given "
                    + "(default: none; a fresh root token is printed).")
    Path tokenStore;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}); beyond loopback only with --users.")
    String bind;

    @Option(names = "--users", paramLabel = "FILE",
            description = "Dashboard logins made with 'election-day user add': with it every reader signs in and sees "
                    + "only their unit's subtree (default: none, open on loopback; sessions signed with "
                    + "DASHBOARD_SESSION_SECRET, else a random key per run).")
    Path usersFile;

    /** Reads the users file before anything starts: a broken line or an unknown unit is refused with its place. */
    private void checkUsers(Registry registry) {
        try {
            for (vn.election.dashboard.auth.DashboardUser user : vn.election.dashboard.auth.UsersFile.read(usersFile)) {
                if (registry.find(user.unit()).isEmpty()) {
                    throw new IllegalArgumentException("line " + user.line() + ": user '" + user.name() + "' has unit '"
                            + user.unit() + "', which is not in the registry");
                }
            }
        } catch (RuntimeException e) {
            throw new ParameterException(spec.commandLine(), "--users " + usersFile + ": " + e.getMessage());
        }
    }

    @Override
    public Integer call() throws Exception {
        options.check();
        if (!isLoopback(bind) && usersFile == null) {
            // docs/contract.md: off loopback the dashboard requires a login.
            throw new ParameterException(spec.commandLine(), "--bind " + bind + " is not a loopback address; "
                    + "off loopback the dashboard requires logins: give --users FILE (see 'election-day user add --help')");
        }
        if (usersFile != null && !Files.isReadable(usersFile)) {
            throw new ParameterException(spec.commandLine(), "--users " + usersFile + ": no such readable file "
                    + "(create it with 'election-day user add --users " + usersFile + " --name NAME --unit UNIT_ID')");
        }
        if (tokenStore != null && !Files.isRegularFile(tokenStore)) {
            // A typo would otherwise start a gateway that no reporting unit can use.
            throw new ParameterException(spec.commandLine(), "--token-store " + tokenStore + ": no such file; create it "
                    + "with its first token: election-day token create --store " + tokenStore + " --unit UNIT_ID");
        }
        SystemOptions.LoadedRegistry loaded = options.loadRegistry();
        Registry registry = loaded.registry();
        if (usersFile != null) {
            checkUsers(registry);
        }
        RegistryRef ref = loaded.ref();
        ScreenConfig screen = ScreenConfig.defaults();
        if (baselineFile != null) {
            try {
                screen = screen.withBaseline(ScreenConfig.baseline(baselineFile, null));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--baseline: " + e.getMessage());
            }
        }
        if (previousTermFile != null) {
            try {
                screen = screen.withPreviousTerm(ScreenConfig.previousTerm(previousTermFile, null));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--previous-term: " + e.getMessage());
            }
        }
        if (targetsFile != null) {
            try {
                screen = screen.withTargets(TurnoutTargets.load(targetsFile, registry, TurnoutTargets.DEFAULT_PCT));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--targets: " + e.getMessage());
            }
        }
        SystemConfig.Webhooks webhooks = webhookOptions.webhooks(registry);
        boolean temporary = dataDir == null;
        Path dir = temporary ? Files.createTempDirectory("election-day-") : dataDir.toAbsolutePath();

        PrintWriter out = spec.commandLine().getOut();
        out.println("Starting the election-day system (Kafka, Flink, ingest, dashboard"
                + (options.noSimulator ? "" : ", simulator") + ")...");
        out.flush();
        EmbeddedSystem system = EmbeddedSystem.start(new SystemConfig(registry, ref, bind, options.dashboardPort, options.ingestPort, dir,
                null, "", options.ingestToken, options.simulatorSpeed(), options.seed, screen, tokenStore, usersFile), webhooks);
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
        out.println("  Dashboard:     http://" + bind + ":" + system.dashboardPort() + "/"
                + (usersFile == null ? "" : "   (logins from " + usersFile + ")"));
        out.println("  Ingest API:    http://" + bind + ":" + system.ingestPort() + "/api/v1/readings");
        if (system.ingestToken() != null) {
            out.println("  Ingest token:  " + system.ingestToken() + "   (scoped to " + registry.root() + ")");
        }
        if (tokenStore != null) {
            out.println("  Token store:   " + tokenStore + " (re-read when it changes; 'election-day token --help')");
        }
        out.println("  Report form:   http://" + bind + ":" + system.ingestPort() + "/report");
        out.println("  Kafka:         " + system.bootstrapServers());
        out.println(options.registryLine(registry));
        out.println("  Data:          " + dir + (temporary ? " (temporary)" : ""));
        out.println(options.simulatorLine());
        out.println(webhookOptions.line(webhooks));
        out.println();
        out.println("Press Ctrl-C to stop.");
        out.flush();
        stopped.await();
        return 0;
    }

    private static boolean isLoopback(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
