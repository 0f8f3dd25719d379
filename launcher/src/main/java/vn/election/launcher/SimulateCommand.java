package vn.election.launcher;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import vn.election.field.feed.CountingReadingSink;
import vn.election.field.feed.HttpReadingSink;
import vn.election.field.feed.HttpSinkConfig;
import vn.election.field.feed.KafkaReadingSink;
import vn.election.field.feed.ReadingSink;
import vn.election.field.simulator.ElectionDaySimulator;
import vn.election.field.simulator.GroundTruth;
import vn.election.field.simulator.InjectedKind;
import vn.election.field.simulator.InjectedLabel;
import vn.election.field.simulator.ReportingMode;
import vn.election.field.simulator.SimulationConfig;
import vn.election.model.registry.Registry;
import vn.election.model.registry.RegistryException;
import vn.election.model.registry.RegistryLoader;

/** {@code election-day simulate}: plays an election day into the ingest API or straight into Kafka. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Play an election day over a registry: realistic turnout curves, real-world faults and "
                + "injected anomalies, into the ingest HTTP API (default) or straight into Kafka.",
                "Writes the ground truth (final figures) and the labels of what was injected when asked."})
final class SimulateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--registry", paramLabel = "FILE", description = "Registry CSV (default: the bundled demo registry).")
    Path registryFile;

    @Option(names = "--speed", paramLabel = "X", defaultValue = "0",
            description = "Simulated seconds per second: 1 = real time, 60 = the day in 12 minutes, 0 = as fast as possible (default).")
    double speed;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "2021", description = "The same seed plays the same day (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "checkpoints",
            description = "checkpoints (election teams report every 15-60 min and at 9, 11, 13, 15, 17 h) or checkins (one reading per voter). Default: ${DEFAULT-VALUE}.")
    String mode;

    @Option(names = "--to", paramLabel = "URL", defaultValue = "http://127.0.0.1:8081",
            description = "Ingest API to post to (default: ${DEFAULT-VALUE}).")
    String to;

    @Option(names = "--token", paramLabel = "TOKEN", description = "Ingest token (default: $ELECTION_DAY_TOKEN).")
    String token;

    @Option(names = "--kafka", paramLabel = "BOOTSTRAP", description = "Write straight to this Kafka instead of the ingest API (the job validates).")
    String kafka;

    @Option(names = "--topic-prefix", paramLabel = "P", defaultValue = "", description = "Topic name prefix, with --kafka.")
    String topicPrefix;

    @Option(names = "--day", paramLabel = "YYYY-MM-DD", defaultValue = "2021-05-23",
            description = "Election day (default: ${DEFAULT-VALUE}, the 15th National Assembly election).")
    String day;

    @Option(names = "--utc-offset", paramLabel = "OFFSET", defaultValue = "+07:00", description = "Local offset of the readings (default: ${DEFAULT-VALUE}).")
    String utcOffset;

    @Option(names = "--no-faults", description = "No duplicates, late or out-of-order delivery, bursts or mistyped counts.")
    boolean noFaults;

    @Option(names = "--no-anomalies", description = "Inject no anomalies.")
    boolean noAnomalies;

    @Option(names = "--labels", paramLabel = "FILE", description = "Write what was injected, one JSON object per line.")
    Path labelsFile;

    @Option(names = "--truth", paramLabel = "FILE", description = "Write the final figures the pipeline must reach (CSV: unit_id,voted,registered).")
    Path truthFile;

    @Override
    public Integer call() throws Exception {
        ReportingMode reportingMode = parseMode();
        OffsetDateTime pollsOpen = pollsOpen();
        if (speed < 0) {
            throw new ParameterException(spec.commandLine(), "--speed must be 0 (as fast as possible) or more, got " + speed);
        }
        Registry registry = loadRegistry();
        checkWritable("--labels", labelsFile);
        checkWritable("--truth", truthFile);
        SimulationConfig config = SimulationConfig.plain(registry, speed, pollsOpen, seed).withMode(reportingMode)
                .withFaultsAndAnomalies(!noFaults, !noAnomalies);
        PrintWriter out = spec.commandLine().getOut();
        long t0 = System.nanoTime();
        ElectionDaySimulator simulator;
        try (ReadingSink sink = openSink()) {
            simulator = new ElectionDaySimulator(config, sink);
            out.printf("Simulating %d polling areas (%s) of %s, %s, into %s%n", simulator.stationCount(),
                    reportingMode.name().toLowerCase(), day, speed == 0 ? "as fast as possible" : speed + "x",
                    kafka != null ? "Kafka at " + kafka : to);
            out.flush();
            Runtime.getRuntime().addShutdownHook(new Thread(simulator::stop, "simulator-stop"));
            simulator.run();
            printSummary(out, simulator, sink, (System.nanoTime() - t0) / 1e9);
        }
        if (labelsFile != null) {
            writeLabels(simulator);
        }
        if (truthFile != null) {
            writeTruth(registry, simulator);
        }
        return 0;
    }

    private ReportingMode parseMode() {
        try {
            return ReportingMode.valueOf(mode.toUpperCase());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--mode must be checkpoints or checkins, got " + mode);
        }
    }

    private OffsetDateTime pollsOpen() {
        try {
            return OffsetDateTime.of(LocalDate.parse(day), LocalTime.of(7, 0), ZoneOffset.of(utcOffset));
        } catch (java.time.DateTimeException e) {
            throw new ParameterException(spec.commandLine(), "--day YYYY-MM-DD and --utc-offset like +07:00 expected, got "
                    + day + " " + utcOffset);
        }
    }

    private Registry loadRegistry() {
        try {
            return registryFile == null ? RegistryLoader.bundledDemo() : RegistryLoader.load(registryFile);
        } catch (RegistryException e) {
            throw new ParameterException(spec.commandLine(), "--registry: " + e.getMessage());
        }
    }

    private void checkWritable(String option, Path file) {
        if (file != null) {
            Path dir = file.toAbsolutePath().getParent();
            if (dir == null || !Files.isDirectory(dir)) {
                throw new ParameterException(spec.commandLine(), option + ": no directory " + dir);
            }
        }
    }

    private ReadingSink openSink() {
        if (kafka != null) {
            return new KafkaReadingSink(kafka, topicPrefix);
        }
        String t = token != null ? token : System.getenv("ELECTION_DAY_TOKEN");
        if (t == null || t.isBlank()) {
            throw new ParameterException(spec.commandLine(), "--token is needed to post to " + to
                    + " (or set ELECTION_DAY_TOKEN, or use --kafka)");
        }
        try {
            return new HttpReadingSink(HttpSinkConfig.of(to, t));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--to: " + e.getMessage());
        }
    }

    private static void printSummary(PrintWriter out, ElectionDaySimulator simulator, ReadingSink sink, double seconds) {
        GroundTruth truth = simulator.truth();
        out.printf("Delivered %,d readings in %.1f s (%,.0f/s)%n", simulator.sent(), seconds, simulator.sent() / seconds);
        if (sink instanceof CountingReadingSink counting) {
            CountingReadingSink.DeliveryCounts c = counting.counts();
            out.printf("Ingest accepted %,d, refused %,d, failed %,d (%,d retries)%n", c.accepted(), c.refused(),
                    c.failed(), c.retries());
            c.refusedReasons().stream().limit(5).forEach(r -> out.println("  refused: " + r));
        }
        out.printf("Final: %,d of %,d voters (%.2f%%)%n", truth.totalVoted(), truth.totalRegistered(),
                100.0 * truth.totalVoted() / truth.totalRegistered());
        Map<InjectedKind, Integer> counts = new TreeMap<>();
        simulator.labels().forEach(l -> counts.merge(l.kind(), 1, Integer::sum));
        out.println("Injected: " + counts);
        out.flush();
    }

    private void writeLabels(ElectionDaySimulator simulator) throws IOException {
        try (Writer w = Files.newBufferedWriter(labelsFile, StandardCharsets.UTF_8)) {
            for (InjectedLabel l : simulator.labels()) {
                w.write(l.toJson());
                w.write('\n');
            }
        }
    }

    private void writeTruth(Registry registry, ElectionDaySimulator simulator) throws IOException {
        GroundTruth truth = simulator.truth();
        Map<String, Long> voted = new TreeMap<>(simulator.groundTruth());
        try (Writer w = Files.newBufferedWriter(truthFile, StandardCharsets.UTF_8)) {
            w.write("unit_id,voted,registered\n");
            w.write(registry.root() + "," + truth.totalVoted() + "," + truth.totalRegistered() + "\n");
            for (Map.Entry<String, Long> e : voted.entrySet()) {
                w.write(e.getKey() + "," + e.getValue() + "," + truth.registered(e.getKey()) + "\n");
            }
        }
    }
}
