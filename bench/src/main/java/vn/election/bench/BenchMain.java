package vn.election.bench;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import vn.election.field.registry.RegistryGenerator;
import vn.election.field.registry.Shape;
import vn.election.jobs.RegistryRef;
import vn.election.jobs.TurnoutJobConfig;
import vn.election.jobs.TurnoutJobConfig.Pipeline;
import vn.election.kafka.EmbeddedKafkaBroker;
import vn.election.model.registry.Registry;
import vn.election.model.registry.RegistryLoader;
import vn.election.model.topic.TopicAdmin;
import vn.election.model.topic.Topics;

/**
 * The benchmark command line: generates a national registry and N check-in readings into an in-process
 * broker, measures the plain-consumer limit, the turnout job and the Kafka Streams peer on them, then the
 * latency from ingest to a websocket frame at paced rates, one dashboard's fan-out to many clients, and the
 * time from a reading that fires an alert to the first webhook request carrying it.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Throughput of the turnout job end to end against the plain-consumer limit and a Kafka Streams peer,"
                + " on the same readings in one run; latency from an ingest 202 to a websocket frame; dashboard fan-out;"
                + " reading to first webhook attempt;"
                + " writes bench-results.json/.md, bench-throughput.png and bench-latency.png.")
public final class BenchMain implements Callable<Integer> {

    @Option(names = "--readings", description = "check-in readings to produce and process (default: ${DEFAULT-VALUE})")
    long readings = 2_000_000;

    @Option(names = "--shape", description = "registry shape for RegistryGenerator: 2021 or 2026 (default: ${DEFAULT-VALUE})")
    String shape = "2021";

    @Option(names = "--seed", description = "seed of the registry and the readings (default: ${DEFAULT-VALUE})")
    long seed = 1;

    @Option(names = "--parallelism", description = "Flink parallelism and Kafka Streams threads (default: ${DEFAULT-VALUE})")
    int parallelism = 2;

    @Option(names = "--partitions", description = "partitions per topic, as the embedded system uses (default: ${DEFAULT-VALUE})")
    int partitions = 4;

    @Option(names = "--streams-commit-ms", description = "Kafka Streams commit interval, its output cadence (default: ${DEFAULT-VALUE}, the job's coalescing interval)")
    long streamsCommitMs = 200;

    @Option(names = "--skip", split = ",", description = "measurements to leave out: limit, job, peer, latency, fanout, webhook")
    java.util.List<String> skip = java.util.List.of();

    @Option(names = "--pipelines", split = ",", paramLabel = "PATH", description = "(2) the job's hot paths to measure side by"
            + " side (classic, sharded): a discarded warm-up pass of the new one (sharded if given), then passes in the order"
            + " A,B,B,A (A,A for one path), each a fresh job on the same readings (default: classic,sharded)")
    java.util.List<Pipeline> pipelines = java.util.List.of(Pipeline.CLASSIC, Pipeline.SHARDED);

    @Option(names = "--single-pass", description = "(2) one pass per path on the readings as written, no warm-up"
            + " (for a whole day, where writing the readings again takes longer than a pass)")
    boolean singlePass;

    @Option(names = "--latency-pipeline", paramLabel = "PATH", description = "(4) the job's hot path in the latency phase:"
            + " classic or sharded (default: sharded)")
    Pipeline latencyPipeline = Pipeline.SHARDED;

    @Option(names = "--latency-emit-ms", description = "(4) the job's emit interval in the latency phase (default: the job's, 0)")
    long latencyEmitMs = 0;

    @Option(names = "--latency-push-ms", description = "(4) the dashboard's push interval in the latency phase (default: the dashboard's, 0)")
    long latencyPushMs = 0;

    @Option(names = "--latency-rates", split = ",", description = "(4) readings per second to post, one run each (default: ${DEFAULT-VALUE})")
    java.util.List<Integer> latencyRates = java.util.List.of(5_000, 20_000);

    @Option(names = "--latency-seconds", description = "(4) seconds of posting per rate (default: ${DEFAULT-VALUE})")
    long latencySeconds = 45;

    @Option(names = "--latency-warmup-seconds", description = "(4) first seconds of each rate not measured (default: ${DEFAULT-VALUE})")
    long latencyWarmupSeconds = 5;

    @Option(names = "--latency-system-warmup-seconds", description = "(4) seconds of posting at the highest rate before"
            + " the first measured one, not measured: the whole system in one JVM is still being compiled for about"
            + " three minutes after its start (default: ${DEFAULT-VALUE})")
    long latencySystemWarmupSeconds = 150;

    @Option(names = "--latency-batch", description = "(4) readings per HTTP request, one of them the marker (default: ${DEFAULT-VALUE})")
    int latencyBatch = 250;

    @Option(names = "--latency-drain-seconds", description = "(4) how long to wait after posting for the last markers;"
            + " markers not shown by then count with their age as a lower bound (default: ${DEFAULT-VALUE})")
    long latencyDrainSeconds = 120;

    @Option(names = "--fanout-clients", split = ",", description = "(5) websocket client counts, in rising order (default: ${DEFAULT-VALUE})")
    java.util.List<Integer> fanoutClients = java.util.List.of(1_000, 5_000, 10_000);

    @Option(names = "--fanout-seconds", description = "(5) seconds measured per client count (default: ${DEFAULT-VALUE})")
    long fanoutSeconds = 30;

    @Option(names = "--fanout-update-ms", description = "(5) one root snapshot every this many ms (default: ${DEFAULT-VALUE}, the job's coalescing interval)")
    long fanoutUpdateMs = 200;

    @Option(names = "--fanout-heap", description = "(5) -Xmx of the dashboard process (default: ${DEFAULT-VALUE}, the launcher's)")
    String fanoutHeap = "2g";

    @Option(names = "--webhook-samples", description = "(webhook) over-the-list readings timed to their first webhook, one"
            + " fresh polling area of the demo registry each, at most 143 (default: ${DEFAULT-VALUE})")
    int webhookSamples = 30;

    @Option(names = "--webhook-group-wait-ms", description = "(webhook) the delivery's group wait (default: ${DEFAULT-VALUE},"
            + " the smallest allowed, so the figure is the pipeline's; the shipped default is 30,000)")
    long webhookGroupWaitMs = 0;

    @Option(names = "--webhook-sample-seconds", description = "(webhook) how long to wait for one sample's webhook;"
            + " one not delivered by then counts with that age as a lower bound (default: ${DEFAULT-VALUE})")
    long webhookSampleSeconds = 60;

    @Option(names = "--timeout-minutes", description = "give up a measurement after this long (default: ${DEFAULT-VALUE})")
    long timeoutMinutes = 20;

    @Option(names = "--out", description = "directory for the results (default: ${DEFAULT-VALUE})")
    Path out = Path.of("bench/target");

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        int code = new CommandLine(new BenchMain()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
        System.exit(code);
    }

    @Override
    public Integer call() throws Exception {
        Shape registryShape = Shape.named(shape).orElseThrow(() -> new CommandLine.ParameterException(
                new CommandLine(this), "--shape: expected one of " + Shape.keys() + ", got " + shape));
        Duration timeout = Duration.ofMinutes(timeoutMinutes);
        if (!skip.contains("webhook") && (webhookSamples < 1 || webhookSamples > WebhookLatencyBench.maxSamples())) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--webhook-samples: expected 1.."
                    + WebhookLatencyBench.maxSamples() + " (one fresh polling area of the demo registry each, one more"
                    + " for the warm-up), got " + webhookSamples);
        }
        if (pipelines.isEmpty() || pipelines.stream().distinct().count() != pipelines.size()) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--pipelines: expected classic, sharded or both,"
                    + " each once, got " + pipelines);
        }
        Progress progress = new Progress(5);
        Results results = new Results();
        describeMachine(results);

        Files.createDirectories(out);
        boolean national = !skip.containsAll(java.util.List.of("limit", "job", "peer", "latency", "fanout"));
        Path registryFile = out.resolve("registry-" + shape + ".csv");
        Registry registry = null;
        if (national) {
            try (BufferedWriter w = Files.newBufferedWriter(registryFile, StandardCharsets.UTF_8)) {
                RegistryGenerator.generate(registryShape, seed, w);
            }
            registry = RegistryLoader.load(registryFile);
            say("registry %s: %,d units, levels %s, %,d voters", shape, registry.size(), registry.levels(),
                    registry.registeredTotal(registry.root()));
            results.settings.put("registry", shape + " (" + registry.size() + " units, levels " + registry.levels() + ")");
        }

        String prefix = "bench-" + Instant.now().toEpochMilli() + ".";
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.startTemporary()) {
            String bootstrap = broker.bootstrapServers();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                TopicAdmin.createAll(admin, prefix, partitions, (short) 1);
            }
            String readingsTopic = Topics.READINGS.withPrefix(prefix).name();
            if (!(skip.contains("limit") && skip.contains("job") && skip.contains("peer"))) {
                throughput(results, registry, registryFile, bootstrap, readingsTopic, prefix, timeout, progress);
            }
            if (!skip.contains("latency")) {
                say("(4) latency from an ingest 202 to the websocket frame, at %s readings/s...", latencyRates);
                results.settings.put("latency", String.format("batches of %d readings over HTTP (one a marker); first %d s at"
                        + " the highest rate, not measured (the system's warm-up); then %d s per rate,"
                        + " the first %d s not measured; the job (%s path) at parallelism %d, %d partitions; emit interval %s,"
                        + " push interval %s", latencyBatch, latencySystemWarmupSeconds, latencySeconds, latencyWarmupSeconds,
                        TurnoutJobBench.name(latencyPipeline), parallelism, partitions,
                        latencyEmitMs > 0 ? latencyEmitMs + " ms" : "the job's default",
                        latencyPushMs > 0 ? latencyPushMs + " ms" : "the dashboard's default"));
                results.latency.addAll(IngestLatencyBench.run(bootstrap, prefix + "lat.", registryFile, registry, parallelism,
                        partitions, latencyRates, latencyBatch, Duration.ofSeconds(latencySeconds),
                        Duration.ofSeconds(latencyWarmupSeconds), Duration.ofSeconds(latencySystemWarmupSeconds),
                        Duration.ofSeconds(latencyDrainSeconds), seed,
                        latencyPipeline, new InProcessSystem.Cadence(latencyEmitMs > 0 ? Duration.ofMillis(latencyEmitMs) : null,
                                latencyPushMs > 0 ? Duration.ofMillis(latencyPushMs) : null), progress));
            }
            if (!skip.contains("fanout")) {
                say("(5) dashboard fan-out to %s websocket clients...", fanoutClients);
                results.settings.put("fanout", String.format("one dashboard process (-Xmx%s), a root snapshot every %d ms on its"
                        + " units topic, %d s measured per client count, clients in the bench JVM", fanoutHeap, fanoutUpdateMs,
                        fanoutSeconds));
                results.fanout.addAll(FanoutBench.run(bootstrap, prefix + "fan.", registryFile, registry, partitions,
                        fanoutClients, Duration.ofSeconds(fanoutSeconds), Duration.ofMillis(fanoutUpdateMs), fanoutHeap,
                        out, progress));
            }
            if (!skip.contains("webhook")) {
                say("(webhook) reading to first webhook attempt, %d samples, group wait %d ms...", webhookSamples, webhookGroupWaitMs);
                Pipeline webhookPipeline = TurnoutJobConfig.defaults(bootstrap, RegistryRef.bundledDemo()).pipeline();
                results.settings.put("webhook", String.format("the turnout job on the bundled demo registry (%s path, the"
                        + " config's default; parallelism %d, %d partitions), WebhookDelivery with group wait %d ms and one"
                        + " group per polling area, a local JDK HTTP receiver verifying every signature; %d over-the-list"
                        + " readings, one at a time, each for a fresh polling area", TurnoutJobBench.name(webhookPipeline),
                        parallelism, partitions, webhookGroupWaitMs, webhookSamples));
                WebhookLatencyBench.Outcome o = WebhookLatencyBench.run(bootstrap, prefix + "hook.", partitions, parallelism,
                        webhookSamples, Duration.ofMillis(webhookGroupWaitMs), Duration.ofSeconds(webhookSampleSeconds), progress);
                results.webhook.add(o);
                say("  ack -> first webhook: p50 %.0f ms, p99 %.0f ms, max %.0f ms over %d samples (group wait %d ms)%s;"
                                + " of which ack -> alert record p50 %.0f ms, p99 %.0f ms, alert record -> webhook p50 %.0f ms, p99 %.0f ms",
                        o.total().p50Ms(), o.total().p99Ms(), o.total().maxMs(), o.total().count(), o.groupWait().toMillis(),
                        o.missed() > 0 ? ", " + o.missed() + " not delivered in time: lower bounds" : "",
                        o.job().p50Ms(), o.job().p99Ms(), o.delivery().p50Ms(), o.delivery().p99Ms());
                say("  busiest threads: %s", o.busiest());
            }
        }

        results.write(out);
        Path png = results.rows.isEmpty() ? null
                : Plot.throughput(results, out, String.format("Readings per second, %,d check-ins, %s registry", readings, shape));
        Path latencyPng = Plot.latency(results, out, String.format("Latency (ms): (4) ingest 202 to frame, (5) fan-out delay,"
                + " reading to first webhook (demo registry), %s registry", shape));
        System.out.println();
        System.out.println(results.markdown());
        say("written %s, %s%s%s", out.resolve("bench-results.json"), out.resolve("bench-results.md"),
                png == null ? "" : ", " + png, latencyPng == null ? "" : ", " + latencyPng);
        return 0;
    }

    /** Measurements (1) to (3): N check-ins produced, then the limit, the job and the peer on them. */
    private void throughput(Results results, Registry registry, Path registryFile, String bootstrap, String readingsTopic,
                            String prefix, Duration timeout, Progress progress) throws Exception {
        say("producing %,d check-in readings to %s (%d partitions)...", readings, readingsTopic, partitions);
        progress.start("producing readings");
        PhaseStats ps = new PhaseStats();
        CheckinWorkload.Written written = CheckinWorkload.produce(registry, bootstrap, readingsTopic, readings, seed, progress);
        PhaseStats.Usage produceUsage = ps.stop();
        say("  written in %.1f s (%,.0f/s) over %,d polling areas; expected national total %,d",
                written.seconds(), readings / written.seconds(), written.stations(), written.expectedTotal());
        results.settings.put("readings", String.format("%,d per-voter check-ins over %,d polling areas, expected national total %,d",
                readings, written.stations(), written.expectedTotal()));
        results.settings.put("parallelism", parallelism + " (Flink subtasks, Kafka Streams threads); " + partitions + " partitions per topic");
        results.settings.put("kafka streams commit interval", streamsCommitMs + " ms");
        results.add(new Results.Row("producer (setup, not a goal)", readings, written.seconds(),
                readings / written.seconds(), null, produceUsage, "KafkaProducer, lz4, acks=all, into the in-process broker"));

        Double limit = null;
        if (!skip.contains("limit")) {
            say("(1) the limit: a plain KafkaConsumer reading and decoding the readings topic...");
            progress.start("limit: plain consumer");
            ps = new PhaseStats();
            LimitConsumerBench.Outcome o = LimitConsumerBench.run(bootstrap, readingsTopic, readings, timeout, progress);
            limit = o.readings() / o.seconds();
            results.limitRate = limit;
            results.add(new Results.Row("(1) limit: plain consumer + ReadingCodec", o.readings(), o.seconds(), limit, 1.0,
                    ps.stop(), "one consumer thread, all partitions"));
            say("  %,.0f readings/s (%.1f s)", limit, o.seconds());
        }
        if (!skip.contains("job")) {
            List<Pipeline> order = JobPhase.order(pipelines);
            say("(2) the turnout job (Flink MiniCluster, parallelism %d) from readings to units: a warm-up pass (%s, discarded),"
                            + " then %s", parallelism, TurnoutJobBench.name(JobPhase.warmupPipeline(pipelines)),
                    order.stream().map(TurnoutJobBench::name).collect(Collectors.joining(", ")));
            results.settings.put("job", String.format("one JVM, the same readings: a discarded warm-up pass (%s), then %s; each"
                            + " pass a fresh job from the earliest offset under a topic prefix of its own, its readings topic"
                            + " written again with the same readings just before it (the job reads its prefix's readings"
                            + " topic), a System.gc() before it; timed from LocalTurnoutJob.start to the exact total at the"
                            + " root; CPU and GC are the whole JVM's (broker included); medians per path",
                    TurnoutJobBench.name(JobPhase.warmupPipeline(pipelines)),
                    order.stream().map(TurnoutJobBench::name).collect(Collectors.joining(", "))));
            JobPhase.Outcome o = JobPhase.run(registry, registryFile, bootstrap, prefix, partitions, parallelism, readings, seed,
                    written.expectedTotal(), pipelines, limit, timeout, progress, singlePass);
            results.job = o;
            for (Pipeline p : pipelines) {
                JobPhase.Median m = o.medians().get(p);
                if (!m.ok()) {
                    continue;
                }
                results.add(new Results.Row(String.format("(2) job %s: median of %d pass%s, end to end", TurnoutJobBench.name(p),
                        m.passes(), m.passes() == 1 ? "" : "es"), readings, m.seconds(), m.readingsPerSec(),
                        limit == null ? null : m.readingsPerSec() / limit, m.usage(), String.format(
                                "from job start (MiniCluster start included) to the exact total at the root; each figure"
                                        + " the median of the passes' own; %.1f µs CPU and %.2f unit snapshots per reading",
                                m.cpuMicrosPerReading(), m.snapshotsPerReading())));
            }
        }
        if (!skip.contains("peer")) {
            say("(3) the peer: the same roll-up in Kafka Streams (%d threads)...", parallelism);
            progress.start("peer (Kafka Streams)");
            ps = new PhaseStats();
            KafkaStreamsPeer.Outcome o = KafkaStreamsPeer.run(registry, bootstrap, readingsTopic, prefix, parallelism,
                    Duration.ofMillis(streamsCommitMs), written.expectedTotal(), timeout, progress);
            double rate = readings / o.seconds();
            results.peerRate = rate;
            results.add(new Results.Row("(3) peer: Kafka Streams roll-up", readings, o.seconds(), rate,
                    limit == null ? null : rate / limit, ps.stop(), String.format(
                            "from start to the exact total at the root; %,.0f/s from its first output",
                            readings / o.secondsAfterFirstOutput())));
            say("  %,.0f readings/s (%.1f s; %.1f s after its first output)", rate, o.seconds(), o.secondsAfterFirstOutput());
        }
    }

    private static void describeMachine(Results results) {
        Runtime rt = Runtime.getRuntime();
        results.machine.put("cores", String.valueOf(rt.availableProcessors()));
        results.machine.put("max heap", (rt.maxMemory() >> 20) + " MB");
        results.machine.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        results.machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            results.machine.put("memory", (os.getTotalMemorySize() >> 30) + " GB");
        }
        results.machine.put("started", Instant.now().toString());
    }

    private static void say(String format, Object... args) {
        System.out.printf(format + "%n", args);
    }
}
