package vn.election.bench;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import vn.election.model.json.Json;
import vn.election.model.reading.Reading;
import vn.election.model.reading.ReadingCodec;
import vn.election.model.time.IsoTime;
import vn.election.model.unit.LevelCompletion;
import vn.election.model.unit.UnitSnapshot;
import vn.election.model.unit.UnitSnapshotCodec;

/**
 * The per-record decoding the whole system repeats, old way against new way, on one thread: a reading (the
 * job's source), a unit snapshot (the dashboard's feed) and an {@code observed_at}/{@code as_of} time (both).
 * One discarded warm-up pass of every variant, then old, new, new, old; prints ns and bytes allocated per
 * record and the load average, and writes bench/target/codec-results.json. Run with
 * {@code BENCH_MAIN=vn.election.bench.CodecBench ./bench/run [records]}.
 */
public final class CodecBench {

    private record Variant(String what, String way, Function<Integer, Object> op) {
    }

    private record Pass(String what, String way, double nsPerRecord, double bytesPerRecord) {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
        Random random = new Random(2021_05_23);
        byte[][] readings = new byte[n][];
        byte[][] snapshots = new byte[n][];
        String[] times = new String[n];
        long day = OffsetDateTime.parse("2021-05-23T07:00:00+07:00").toInstant().getEpochSecond();
        for (int i = 0; i < n; i++) {
            Instant at = Instant.ofEpochSecond(day + random.nextInt(12 * 3600));
            String station = "VN-%02d-%03d-%02d-%03d".formatted(1 + random.nextInt(63), random.nextInt(700),
                    random.nextInt(30), random.nextInt(200));
            readings[i] = ReadingCodec.encode(new Reading(station, i % 7 == 0 ? "mobile" : "main", 1 + random.nextInt(900),
                    at, 7 * 3600, random.nextInt(900), i % 50 == 0 ? 900L : null));
            times[i] = IsoTime.format(at, 7 * 3600);
            snapshots[i] = UnitSnapshotCodec.encode(new UnitSnapshot(station, station.substring(0, 12), "polling_area",
                    "Khu vực bỏ phiếu số " + i % 200, 900, random.nextInt(900), Map.of(), times[i], i));
        }
        byte[][] communes = new byte[n][];
        for (int i = 0; i < n; i++) {
            communes[i] = UnitSnapshotCodec.encode(new UnitSnapshot("VN-22-001-" + i % 100, "VN-22-001", "commune",
                    "Phường " + i % 100, 9_000, random.nextInt(9_000), Map.of("polling_area", new LevelCompletion(3, 12, 12L)),
                    times[i], i));
        }
        List<Variant> variants = List.of(
                new Variant("reading", "old: Jackson tree + OffsetDateTime.parse", i -> oldReading(readings[i])),
                new Variant("reading", "new: streaming + IsoTime", i -> decodeReading(readings[i])),
                new Variant("area snapshot", "old: Jackson tree", i -> UnitSnapshotCodec.decodeTree(snapshots[i])),
                new Variant("area snapshot", "new: streaming", i -> UnitSnapshotCodec.decode(snapshots[i])),
                new Variant("commune snapshot", "old: Jackson tree", i -> UnitSnapshotCodec.decodeTree(communes[i])),
                new Variant("commune snapshot", "new: streaming", i -> UnitSnapshotCodec.decode(communes[i])),
                new Variant("ISO time", "old: OffsetDateTime.parse", i -> OffsetDateTime.parse(times[i]).toInstant()),
                new Variant("ISO time", "new: IsoTime.instant", i -> IsoTime.instant(times[i])));
        System.out.printf(Locale.ROOT, "codec bench: %,d records per pass; load average %s%n", n, load());
        for (Variant v : variants) {
            run(v, n);      // warm-up, discarded
        }
        List<Pass> passes = new ArrayList<>();
        for (int k = 0; k < variants.size(); k += 2) {
            Variant old = variants.get(k);
            Variant neu = variants.get(k + 1);
            for (Variant v : List.of(old, neu, neu, old)) {
                passes.add(run(v, n));
            }
        }
        System.out.printf(Locale.ROOT, "load average after: %s%n%n| record | way | ns per record (passes) | bytes allocated per record |%n|---|---|---:|---:|%n", load());
        Map<String, Map<String, Object>> json = new LinkedHashMap<>();
        for (int k = 0; k < variants.size(); k++) {
            Variant v = variants.get(k);
            List<Pass> mine = passes.stream().filter(p -> p.what().equals(v.what()) && p.way().equals(v.way())).toList();
            double ns = mine.stream().mapToDouble(Pass::nsPerRecord).sorted().average().orElse(0);
            double bytes = mine.stream().mapToDouble(Pass::bytesPerRecord).average().orElse(0);
            System.out.printf(Locale.ROOT, "| %s | %s | %.0f (%s) | %.0f |%n", v.what(), v.way(), ns,
                    String.join(", ", mine.stream().map(p -> "%.0f".formatted(p.nsPerRecord())).toList()), bytes);
            json.put(v.what() + " / " + v.way(), Map.of("ns_per_record", ns, "bytes_per_record", bytes,
                    "passes_ns", mine.stream().map(Pass::nsPerRecord).toList()));
        }
        Path out = Path.of("bench/target/codec-results.json");
        Files.createDirectories(out.getParent());
        Files.writeString(out, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(
                Map.of("records_per_pass", n, "results", json)));
        System.out.println("\nwritten " + out);
    }

    private static Object oldReading(byte[] json) {
        try {
            // The decode before the streaming reader: one tree, and the JDK's parse of its time (fromNode now
            // parses it again the fast way, a few tens of ns counted against the old way).
            com.fasterxml.jackson.databind.JsonNode node = Json.MAPPER.readTree(json);
            OffsetDateTime.parse(node.get("observed_at").textValue());
            return ReadingCodec.fromNode(node, -1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object decodeReading(byte[] json) {
        try {
            return ReadingCodec.decode(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Pass run(Variant v, int n) {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long allocated = threads.getThreadAllocatedBytes(id);
        long start = System.nanoTime();
        int sink = 0;
        for (int i = 0; i < n; i++) {
            sink += System.identityHashCode(v.op().apply(i)) & 1;
        }
        long nanos = System.nanoTime() - start;
        long bytes = threads.getThreadAllocatedBytes(id) - allocated;
        if (sink < 0) {
            System.out.println(sink);
        }
        return new Pass(v.what(), v.way(), (double) nanos / n, (double) bytes / n);
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "unknown";
        }
    }
}
