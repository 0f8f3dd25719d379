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
import vn.election.model.json.Json;

/** The figures of one run: one row per measurement plus the machine and settings; as markdown and JSON. */
final class Results {

    /** One measured figure: readings over seconds, its ratio to the limit, and the JVM's CPU and GC use. */
    record Row(String name, long readings, double seconds, double readingsPerSec, Double ratioToLimit,
               PhaseStats.Usage usage, String note) {
    }

    final Map<String, String> machine = new LinkedHashMap<>();
    final Map<String, String> settings = new LinkedHashMap<>();
    final List<Row> rows = new ArrayList<>();

    void add(Row row) {
        rows.add(row);
    }

    String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("| measurement | readings | seconds | readings/s | of the limit | CPU (of all cores) | GC time | note |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|---|\n");
        for (Row r : rows) {
            sb.append(String.format("| %s | %,d | %.1f | %,.0f | %s | %.0f%% | %.1f%% | %s |%n", r.name(), r.readings(),
                    r.seconds(), r.readingsPerSec(), r.ratioToLimit() == null ? "" : String.format("%.2f", r.ratioToLimit()),
                    r.usage().cpuPct(), r.usage().gcPct(), r.note()));
        }
        return sb.toString();
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
        Files.writeString(dir.resolve("bench-results.json"),
                Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("bench-results.md"), fullMarkdown(), StandardCharsets.UTF_8);
    }
}
