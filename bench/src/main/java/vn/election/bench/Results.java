package vn.election.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vn.election.jobs.TurnoutJobConfig.Pipeline;
import vn.election.model.json.Json;

/**
 * The figures of one run: one row per throughput measurement, one per latency rate and per fan-out
 * client count, the reading-to-webhook latency, plus the machine and settings; as markdown and JSON.
 */
final class Results {

    /** One measured figure: readings over seconds, its ratio to the limit, and the JVM's CPU and GC use. */
    record Row(String name, long readings, double seconds, double readingsPerSec, Double ratioToLimit,
               PhaseStats.Usage usage, String note) {
    }

    final Map<String, String> machine = new LinkedHashMap<>();
    final Map<String, String> settings = new LinkedHashMap<>();
    final List<Row> rows = new ArrayList<>();
    final List<IngestLatencyBench.Outcome> latency = new ArrayList<>();
    final List<FanoutBench.Outcome> fanout = new ArrayList<>();
    final List<WebhookLatencyBench.Outcome> webhook = new ArrayList<>();
    /** Measurement (2), the job's hot paths side by side; null when the job phase was skipped. */
    JobPhase.Outcome job;
    /** The limit's and the peer's readings/s, null when skipped: the job's ratios are taken to them. */
    Double limitRate;
    Double peerRate;

    void add(Row row) {
        rows.add(row);
    }

    String markdown() {
        StringBuilder sb = new StringBuilder();
        if (rows.isEmpty()) {
            return sb.append(latencyMarkdown()).append(fanoutMarkdown()).append(webhookMarkdown()).toString();
        }
        sb.append("| measurement | readings | seconds | readings/s | of the limit | CPU (of all cores) | GC time | note |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|---|\n");
        for (Row r : rows) {
            sb.append(String.format("| %s | %,d | %.1f | %,.0f | %s | %.0f%% | %.1f%% | %s |%n", r.name(), r.readings(),
                    r.seconds(), r.readingsPerSec(), r.ratioToLimit() == null ? "" : String.format("%.2f", r.ratioToLimit()),
                    r.usage().cpuPct(), r.usage().gcPct(), r.note()));
        }
        return sb.append(jobMarkdown()).append(latencyMarkdown()).append(fanoutMarkdown()).append(webhookMarkdown()).toString();
    }

    /** The median readings/s of one path's measured passes, null when it did not run or no pass reached the total. */
    Double jobMedian(Pipeline pipeline) {
        if (job == null) {
            return null;
        }
        JobPhase.Median m = job.medians().get(pipeline);
        return m == null || !m.ok() ? null : m.readingsPerSec();
    }

    private static Double ratio(Double a, Double b) {
        return a == null || b == null ? null : a / b;
    }

    /** Median sharded (new path) readings/s over the limit's. */
    Double jobToLimit() {
        return ratio(jobMedian(Pipeline.SHARDED), limitRate);
    }

    /** Median sharded (new path) readings/s over the Kafka Streams peer's. */
    Double jobToPeer() {
        return ratio(jobMedian(Pipeline.SHARDED), peerRate);
    }

    /** Median classic (old path) readings/s over the limit's. */
    Double classicToLimit() {
        return ratio(jobMedian(Pipeline.CLASSIC), limitRate);
    }

    /** Median sharded over median classic readings/s: the new path's gain. */
    Double shardedToClassic() {
        return ratio(jobMedian(Pipeline.SHARDED), jobMedian(Pipeline.CLASSIC));
    }

    private String jobMarkdown() {
        if (job == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder("\n(2) the job's hot paths side by side on the same readings, one JVM: a discarded"
                + " warm-up, then the passes in order; each from job start to the exact national total:\n\n");
        sb.append("| pass | path | seconds | readings/s | of the limit | CPU µs per reading | unit snapshots per reading"
                + " | GC time | CPU (of all cores) | load average (1 min) before → after | note |\n");
        sb.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---|---|\n");
        List<JobPhase.Pass> all = new ArrayList<>();
        if (job.warmup() != null) {
            all.add(job.warmup());
        }
        all.addAll(job.passes());
        for (JobPhase.Pass p : all) {
            String pass = p.number() == 0 ? "warm-up (discarded)" : String.valueOf(p.number());
            String path = TurnoutJobBench.name(p.pipeline());
            if (!p.ok()) {
                sb.append(String.format("| %s | %s | | | | | | | | | failed: %s |%n", pass, path, p.error().replace('|', '/')
                        .replace('\n', ' ')));
                continue;
            }
            TurnoutJobBench.Outcome o = p.outcome();
            sb.append(String.format("| %s | %s | %.1f | %,.0f | %s | %.1f | %.2f | %.1f%% | %.0f%% | %.2f → %.2f | %,.0f/s from its first output%s |%n",
                    pass, path, o.seconds(), p.readingsPerSec(), limitRate == null ? "" : String.format("%.3f", p.readingsPerSec() / limitRate),
                    p.cpuMicrosPerReading(), p.snapshotsPerReading(), p.gcShare() * 100, o.usage().cpuPct(), o.loadBefore(),
                    o.loadAfter(), p.readings() / o.secondsAfterFirstOutput(), (p.number() == 0 ? ""
                            : String.format("; readings written again in %.1f s before it", p.rewriteSeconds()))
                            + "; busiest threads (of one core): " + o.busiest().replace('|', '/')));
        }
        for (JobPhase.Median m : job.medians().values()) {
            String path = TurnoutJobBench.name(m.pipeline());
            if (!m.ok()) {
                sb.append(String.format("| median | %s | | | | | | | | | no pass reached the total |%n", path));
                continue;
            }
            sb.append(String.format("| median | %s | %.1f | %,.0f | %s | %.1f | %.2f | %.1f%% | %.0f%% | | of %d pass%s, each column its own median%s |%n", path,
                    m.seconds(), m.readingsPerSec(), limitRate == null ? "" : String.format("%.3f", m.readingsPerSec() / limitRate),
                    m.cpuMicrosPerReading(), m.snapshotsPerReading(), m.gcShare() * 100, m.usage().cpuPct(), m.passes(),
                    m.passes() == 1 ? "" : "es", m.failed() > 0 ? ", " + m.failed() + " failed" : ""));
        }
        sb.append(String.format("%nNew path (sharded) to the limit: %s; to the Kafka Streams peer: %s; classic to the limit: %s;"
                        + " sharded to classic: %s.%n", fmt(jobToLimit()), fmt(jobToPeer()), fmt(classicToLimit()),
                fmt(shardedToClassic())));
        return sb.toString();
    }

    private static String fmt(Double ratio) {
        return ratio == null ? "n/a" : String.format("%.3f", ratio);
    }

    private String latencyMarkdown() {
        if (latency.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("\n(4) from the ingest answer (202) to the websocket frame that shows the reading:\n\n");
        sb.append("| offered readings/s | accepted readings/s | markers | 202 → frame p50 | p99 | max | commune p99 | send → frame p99 |"
                + " job applied readings/s | job behind at the end | CPU (of all cores) | GC time | busiest threads (of one core) |\n");
        sb.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (IngestLatencyBench.Outcome o : latency) {
            Latencies a = o.fromAnswer();
            String bound = o.unresolved() > 0 ? " ≥" : " ";
            sb.append(String.format("| %,.0f | %,.0f | %,d%s | %s | %s | %s | %s | %s | %,.0f | %,d | %.0f%% | %.1f%% | %s |%n",
                    o.posting().offeredPerSec(), o.posting().acceptedPerSec(), a.count(),
                    o.unresolved() > 0 ? " (" + o.unresolved() + " not shown within the drain)" : "",
                    ms(a.p50Ms()), bound + ms(a.p99Ms()), bound + ms(a.maxMs()), ms(o.communeFromAnswer().p99Ms()),
                    ms(o.fromSend().p99Ms()),
                    o.appliedPerSec(), o.backlogAtEnd(), o.usage().cpuPct(), o.usage().gcPct(), o.busiest()));
        }
        return sb.toString();
    }

    private String fanoutMarkdown() {
        if (fanout.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("\n(5) one dashboard process fanning the root's updates out to websocket clients:\n\n");
        sb.append("| clients | open | delay p50 | p99 | max | deliveries | dashboard heap after GC | RSS | dashboard CPU (of all cores)"
                + " | clients' JVM CPU | dropped | connect s | busiest dashboard threads (of one core) |\n");
        sb.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (FanoutBench.Outcome o : fanout) {
            sb.append(String.format("| %,d | %,d | %s | %s | %s | %,d | %,d MB (idle %,d) | %,d MB (idle %,d) | %.0f%% | %.0f%% | %,d | %.1f | %s |%n",
                    o.clients(), o.open(), ms(o.delay().p50Ms()), ms(o.delay().p99Ms()), ms(o.delay().maxMs()),
                    o.delay().count(), o.heapAfterGcMb(), o.idleHeapAfterGcMb(), o.rssMb(), o.idleRssMb(),
                    o.dashboardCpuPct(), o.benchUsage().cpuPct(), o.dropped(), o.connectSeconds(), o.dashboardBusiest()));
        }
        return sb.toString();
    }

    private String webhookMarkdown() {
        if (webhook.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("\nFrom an over-the-list reading acknowledged by Kafka to the first signed webhook"
                + " request listing its OVER_100_PERCENT alert (the real job and the real delivery):\n\n");
        sb.append("| group wait | samples | p50 | p99 | max | job: ack → alert record p50 | p99 | delivery: alert record → webhook p50 | p99"
                + " | missed | CPU (of all cores) | GC time | busiest threads (of one core) |\n");
        sb.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (WebhookLatencyBench.Outcome o : webhook) {
            String bound = o.missed() > 0 ? " ≥" : " ";
            sb.append(String.format("| %,d ms | %,d | %s | %s | %s | %s | %s | %s | %s | %,d | %.0f%% | %.1f%% | %s |%n",
                    o.groupWait().toMillis(), o.total().count(), ms(o.total().p50Ms()), bound + ms(o.total().p99Ms()),
                    bound + ms(o.total().maxMs()), ms(o.job().p50Ms()), ms(o.job().p99Ms()), ms(o.delivery().p50Ms()),
                    ms(o.delivery().p99Ms()), o.missed(), o.usage().cpuPct(), o.usage().gcPct(), o.busiest()));
        }
        return sb.toString();
    }

    private static String ms(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        return v >= 10_000 ? String.format("%,.1f s", v / 1e3) : String.format("%,.0f ms", v);
    }

    String fullMarkdown() {
        StringBuilder sb = new StringBuilder("# Benchmark results\n\n");
        machine.forEach((k, v) -> sb.append("- ").append(k).append(": ").append(v).append('\n'));
        settings.forEach((k, v) -> sb.append("- ").append(k).append(": ").append(v).append('\n'));
        return sb.append('\n').append(markdown()).toString();
    }

    void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        ObjectNode root = Json.MAPPER.createObjectNode();
        ObjectNode m = root.putObject("machine");
        machine.forEach(m::put);
        ObjectNode s = root.putObject("settings");
        settings.forEach(s::put);
        ArrayNode arr = root.putArray("measurements");
        for (Row r : rows) {
            ObjectNode o = arr.addObject();
            o.put("name", r.name());
            o.put("readings", r.readings());
            o.put("seconds", r.seconds());
            o.put("readings_per_sec", r.readingsPerSec());
            if (r.ratioToLimit() != null) {
                o.put("ratio_to_limit", r.ratioToLimit());
            }
            o.put("cpu_pct_of_all_cores", r.usage().cpuPct());
            o.put("gc_pct_of_wall", r.usage().gcPct());
            o.put("gc_count", r.usage().gcCount());
            o.put("heap_used_mb_at_end", r.usage().heapUsedMb());
            o.put("note", r.note());
        }
        if (job != null) {
            writeJob(root);
        }
        ArrayNode lat = root.putArray("latency");
        for (IngestLatencyBench.Outcome o : latency) {
            ObjectNode n = lat.addObject();
            n.put("offered_readings_per_sec", o.posting().offeredPerSec());
            n.put("accepted_readings_per_sec", o.posting().acceptedPerSec());
            n.put("seconds", o.posting().seconds());
            n.put("batches", o.posting().batches());
            n.put("late_sends", o.posting().lateSends());
            n.put("failed_requests", o.posting().failed());
            ObjectNode answers = n.putObject("other_answers");
            o.posting().otherAnswers().forEach((code, count) -> answers.put(String.valueOf(code), count));
            latencies(n.putObject("answer_to_frame_ms"), o.fromAnswer());
            latencies(n.putObject("send_to_frame_ms"), o.fromSend());
            latencies(n.putObject("answer_to_commune_frame_ms"), o.communeFromAnswer());
            n.put("frame_before_answer", o.frameBeforeAnswer());
            n.put("markers_not_shown_within_drain", o.unresolved());
            n.put("drain_seconds", o.drainSeconds());
            n.put("job_applied_readings_per_sec", o.appliedPerSec());
            n.put("job_behind_at_end_readings", o.backlogAtEnd());
            n.put("cpu_pct_of_all_cores", o.usage().cpuPct());
            n.put("gc_pct_of_wall", o.usage().gcPct());
            n.put("busiest_threads", o.busiest());
        }
        ArrayNode fan = root.putArray("fanout");
        for (FanoutBench.Outcome o : fanout) {
            ObjectNode n = fan.addObject();
            n.put("clients", o.clients());
            n.put("open", o.open());
            n.put("dropped", o.dropped());
            n.put("failed_connects", o.failedConnects());
            n.put("connect_seconds", o.connectSeconds());
            latencies(n.putObject("delay_ms"), o.delay());
            n.put("updates", o.updates());
            n.put("dashboard_heap_after_gc_mb", o.heapAfterGcMb());
            n.put("dashboard_rss_mb", o.rssMb());
            n.put("dashboard_idle_heap_after_gc_mb", o.idleHeapAfterGcMb());
            n.put("dashboard_idle_rss_mb", o.idleRssMb());
            n.put("dashboard_cpu_pct_of_all_cores", o.dashboardCpuPct());
            n.put("clients_jvm_cpu_pct_of_all_cores", o.benchUsage().cpuPct());
            n.put("dashboard_busiest_threads", o.dashboardBusiest());
        }
        ArrayNode hooks = root.putArray("webhook");
        for (WebhookLatencyBench.Outcome o : webhook) {
            ObjectNode n = hooks.addObject();
            n.put("group_wait_ms", o.groupWait().toMillis());
            n.put("group_depth", o.groupDepth());
            n.put("group_level", o.groupLevel());
            latencies(n.putObject("ack_to_first_webhook_ms"), o.total());
            latencies(n.putObject("ack_to_alert_record_timestamp_ms"), o.job());
            latencies(n.putObject("alert_record_timestamp_to_first_webhook_ms"), o.delivery());
            n.put("missed", o.missed());
            n.put("webhook_requests", o.requests());
            n.put("warmup_seconds", o.warmupSeconds());
            n.put("cpu_pct_of_all_cores", o.usage().cpuPct());
            n.put("gc_pct_of_wall", o.usage().gcPct());
            n.put("busiest_threads", o.busiest());
        }
        Files.writeString(dir.resolve("bench-results.json"),
                Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("bench-results.md"), fullMarkdown(), StandardCharsets.UTF_8);
    }

    /** Measurement (2): every pass (the warm-up as pass 0), the medians by path, and the ratios of issue #13. */
    private void writeJob(ObjectNode root) {
        ArrayNode passes = root.putArray("job_passes");
        List<JobPhase.Pass> all = new ArrayList<>();
        if (job.warmup() != null) {
            all.add(job.warmup());
        }
        all.addAll(job.passes());
        for (JobPhase.Pass p : all) {
            ObjectNode n = passes.addObject();
            n.put("pass", p.number());
            n.put("discarded_warmup", p.number() == 0);
            n.put("pipeline", TurnoutJobBench.name(p.pipeline()));
            n.put("topic_prefix", p.prefix());
            n.put("readings", p.readings());
            if (!p.ok()) {
                n.put("error", p.error());
                continue;
            }
            TurnoutJobBench.Outcome o = p.outcome();
            n.put("seconds", o.seconds());
            n.put("seconds_after_first_output", o.secondsAfterFirstOutput());
            n.put("readings_per_sec", p.readingsPerSec());
            number(n, "ratio_to_limit", limitRate == null ? null : p.readingsPerSec() / limitRate);
            n.put("cpu_us_per_reading", p.cpuMicrosPerReading());
            n.put("cpu_seconds", o.usage().cpuSeconds());
            n.put("cpu_pct_of_all_cores", o.usage().cpuPct());
            n.put("unit_snapshots", o.unitSnapshots());
            n.put("unit_snapshots_per_reading", p.snapshotsPerReading());
            n.put("gc_share_of_wall", p.gcShare());
            n.put("gc_seconds", o.usage().gcSeconds());
            n.put("busiest_threads", o.busiest());
            n.put("gc_count", o.usage().gcCount());
            n.put("heap_used_mb_at_end", o.usage().heapUsedMb());
            number(n, "load_average_1m_before", o.loadBefore());
            number(n, "load_average_1m_after", o.loadAfter());
            if (p.number() > 0) {
                n.put("readings_rewrite_seconds", p.rewriteSeconds());
            }
        }
        ObjectNode medians = root.putObject("job_medians");
        for (JobPhase.Median m : job.medians().values()) {
            ObjectNode n = medians.putObject(TurnoutJobBench.name(m.pipeline()));
            n.put("passes", m.passes());
            n.put("failed_passes", m.failed());
            if (!m.ok()) {
                continue;
            }
            n.put("readings_per_sec", m.readingsPerSec());
            n.put("seconds", m.seconds());
            number(n, "ratio_to_limit", limitRate == null ? null : m.readingsPerSec() / limitRate);
            n.put("cpu_us_per_reading", m.cpuMicrosPerReading());
            n.put("unit_snapshots_per_reading", m.snapshotsPerReading());
            n.put("gc_share_of_wall", m.gcShare());
        }
        number(root, "job_to_limit", jobToLimit());
        number(root, "job_to_peer", jobToPeer());
        number(root, "classic_to_limit", classicToLimit());
        number(root, "sharded_to_classic", shardedToClassic());
    }

    /** A number, or JSON null for none (null or NaN). */
    private static void number(ObjectNode n, String key, Double value) {
        if (value == null || value.isNaN() || value.isInfinite()) {
            n.putNull(key);
        } else {
            n.put(key, value.doubleValue());
        }
    }

    private static void latencies(ObjectNode n, Latencies l) {
        n.put("count", l.count());
        n.put("p50", l.p50Ms());
        n.put("p99", l.p99Ms());
        n.put("max", l.maxMs());
    }
}
