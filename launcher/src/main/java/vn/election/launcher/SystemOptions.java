package vn.election.launcher;

import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import vn.election.jobs.RegistryRef;
import vn.election.model.registry.Registry;
import vn.election.model.registry.RegistryException;

/**
 * The options {@code run} and {@code cluster} share (registry, ports, token, simulator), with their checks,
 * the registry loading and the lines of the start-up summary that describe them.
 */
final class SystemOptions {

    /** The registry as the job finds it and as this process loaded it. */
    record LoadedRegistry(RegistryRef ref, Registry registry) {
    }

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--registry", paramLabel = "FILE", description = "Registry CSV (default: the bundled demo registry).")
    Path registryFile;

    @Option(names = "--no-simulator", description = "Do not simulate an election day; wait for real readings.")
    boolean noSimulator;

    @Option(names = "--dashboard-port", paramLabel = "N", defaultValue = "8080", description = "Dashboard port (default: ${DEFAULT-VALUE}).")
    int dashboardPort;

    @Option(names = "--ingest-port", paramLabel = "N", defaultValue = "8081", description = "Ingest port (default: ${DEFAULT-VALUE}).")
    int ingestPort;

    @Option(names = "--ingest-token", paramLabel = "TOKEN", description = "Token for reporting units (default: a fresh one, printed).")
    String ingestToken;

    @Option(names = "--speed", paramLabel = "X", defaultValue = "60",
            description = "Simulator speed: simulated seconds per second, 0 = as fast as possible (default: ${DEFAULT-VALUE}, the 12-hour day in 12 minutes).")
    double speed;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "2021", description = "Simulator seed (default: ${DEFAULT-VALUE}).")
    long seed;

    /** Refuses bad ports and a negative speed in one line, before anything starts. */
    void check() {
        checkPort("--dashboard-port", dashboardPort);
        checkPort("--ingest-port", ingestPort);
        if (dashboardPort == ingestPort && dashboardPort != 0) {
            throw new ParameterException(spec.commandLine(), "--dashboard-port and --ingest-port are both " + dashboardPort);
        }
        if (speed < 0) {
            throw new ParameterException(spec.commandLine(), "--speed must be 0 (as fast as possible) or more, got " + speed);
        }
        if (ingestToken != null) {
            checkIngestToken(ingestToken);
        }
    }

    /** Refused before anything starts, in the user's words (not the gateway's Java method names). */
    private void checkIngestToken(String token) {
        boolean visibleAscii = token.chars().allMatch(c -> c > ' ' && c < 0x7f);
        if (token.length() < vn.election.ingest.IngestTokens.MIN_LENGTH || !visibleAscii) {
            throw new ParameterException(spec.commandLine(), "--ingest-token: expected at least "
                    + vn.election.ingest.IngestTokens.MIN_LENGTH + " visible ASCII characters (it travels in an HTTP header), got "
                    + token.length() + (visibleAscii ? "" : " with a space or a non-ASCII character")
                    + "; leave it out and a random token is printed, or make one with 'election-day token create'");
        }
    }

    /** Loads the registry; a broken file is refused with the line and the reason. */
    LoadedRegistry loadRegistry() {
        try {
            RegistryRef ref = registryFile == null ? RegistryRef.bundledDemo() : RegistryRef.file(registryFile);
            return new LoadedRegistry(ref, ref.load());
        } catch (RegistryException e) {
            throw new ParameterException(spec.commandLine(), "--registry: " + e.getMessage());
        }
    }

    /** The simulator's speed for {@link SystemConfig}: -1 when it is off. */
    double simulatorSpeed() {
        return noSimulator ? -1 : speed;
    }

    String registryLine(Registry registry) {
        return "  Registry:      " + (registryFile == null ? "bundled demo" : registryFile) + " ("
                + registry.descendantsAt(registry.root(), registry.leafDepth()) + " polling areas, levels "
                + String.join(" > ", registry.levels()) + ")";
    }

    String simulatorLine() {
        return noSimulator ? "  Simulator:     off" : "  Simulator:     on, " + (speed == 0 ? "as fast as possible" : speed + "x");
    }

    private void checkPort(String option, int port) {
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), option + " must be 0..65535, got " + port);
        }
    }
}
