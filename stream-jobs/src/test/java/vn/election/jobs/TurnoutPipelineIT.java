package vn.election.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import vn.election.jobs.io.UnitUpdateSnapshots;
import vn.election.jobs.records.DecodedRecord;
import vn.election.jobs.records.EncodedSnapshot;
import vn.election.jobs.records.HistoryPoint;
import vn.election.jobs.records.UnitUpdate;
import vn.election.model.alert.Alert;
import vn.election.model.correction.Correction;
import vn.election.model.reading.Reading;
import vn.election.model.registry.Registry;
import vn.election.model.registry.Unit;
import vn.election.model.unit.LevelCompletion;
import vn.election.model.unit.UnitSnapshot;
import vn.election.model.unit.UnitSnapshotCodec;
import vn.election.testing.TestRegistries;

/**
 * The pipeline through its seam, as Flink's training exercises test theirs: a finite source of one day's readings
 * (several sources per area, out of order, a duplicate, a lowered counter, a count over its list, list changes), the
 * pipeline under test on a MiniCluster, collecting sinks, and every unit's last snapshot against a tally computed
 * here with plain loops over the registry. The sharded path's closed curve points are checked the same way: the
 * areas report on the hour and at :05 and :10, exactly at bucket ends, and the point at 09:00 must include them.
 */
class TurnoutPipelineIT {

    private static final OffsetDateTime SEVEN = OffsetDateTime.parse("2021-05-23T07:00:00+07:00");

    /** The counter lowered: main goes 19, 38, 57, then 18. */
    private static final String LOWERED = "T-2-1-1-1";
    /** A mobile box's late count takes the area 25 voters over its list. */
    private static final String OVER_LIST = "T-3-1-2-2";
    /** Its list grows to 320 at 11:00; a list observed at 10:30 arrives last and changes nothing. */
    private static final String LIST_CHANGED = "T-1-2-2-1";
    /** Never reports. */
    private static final String SILENT = "T-3-2-2-3";

    private static final long FIVE_MINUTES = 5 * 60_000L;

    private static final String CSV = registryCsv();
    private static final Registry REGISTRY = TestRegistries.load(CSV);

    @ParameterizedTest
    @EnumSource(TurnoutJobConfig.Pipeline.class)
    void lastSnapshotOfEveryUnitEqualsTheReferenceTallyAndTheAnomaliesAreAlerted(TurnoutJobConfig.Pipeline pipeline)
            throws Exception {
        List<Reading> day = day();
        // The pipeline never talks to Kafka; the config only needs an address.
        TurnoutJobConfig config = TurnoutJobConfig.defaults("unused:9092", RegistryRef.inline(CSV)).withPipeline(pipeline);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(TurnoutJob.flinkConfiguration(config));
        TurnoutJob.runtimeSettings(env, config);

        List<DecodedRecord> input = new ArrayList<>();
        day.forEach(r -> input.add(DecodedRecord.of(r)));
        input.add(DecodedRecord.refused("{not json".getBytes(StandardCharsets.UTF_8), "malformed JSON"));
        input.add(DecodedRecord.of(Reading.of("T-9-9-9-9", "main", 1, SEVEN.plusHours(3), 10, null)));
        // One source subtask, each station's readings to one validating subtask in order, as a Kafka partition keyed
        // by station gives them; watermarks from observed_at as the job's source makes them.
        DataStream<DecodedRecord> decoded = env.fromData(input, TypeInformation.of(DecodedRecord.class)).setParallelism(1)
                .assignTimestampsAndWatermarks(TurnoutPipeline.watermarks(config)).setParallelism(1)
                .partitionCustom((String station, int n) -> Math.floorMod(station.hashCode(), n),
                        d -> d.reading() == null ? "" : d.reading().stationId());

        TurnoutPipeline.Outputs out = TurnoutPipeline.wire(decoded, config);
        CloseableIterator<UnitUpdate> updates = out.updates().collectAsync();
        CloseableIterator<EncodedSnapshot> encoded = out.encodedUnits() == null ? null : out.encodedUnits().collectAsync();
        CloseableIterator<Alert> alerts = out.alerts().collectAsync();
        CloseableIterator<Correction> corrections = out.corrections().collectAsync();
        CloseableIterator<HistoryPoint> history = out.history().collectAsync();
        env.executeAsync("turnout pipeline, " + pipeline);

        // Drained side by side: a collecting sink waits for its reader once its buffer is full.
        CompletableFuture<List<UnitUpdate>> updateList = drain(updates);
        CompletableFuture<List<EncodedSnapshot>> encodedList = encoded == null
                ? CompletableFuture.completedFuture(List.of()) : drain(encoded);
        CompletableFuture<List<Alert>> alertList = drain(alerts);
        CompletableFuture<List<Correction>> correctionList = drain(corrections);
        CompletableFuture<List<HistoryPoint>> historyList = drain(history);

        Map<String, UnitSnapshot> last = new HashMap<>();
        updateList.get().forEach(u -> keepLatest(last, UnitUpdateSnapshots.of(REGISTRY, u)));
        encodedList.get().forEach(e -> keepLatest(last, UnitSnapshotCodec.decode(e.value())));

        Map<String, UnitSnapshot> expected = referenceTally(day);
        for (Unit u : REGISTRY.units()) {
            UnitSnapshot want = expected.get(u.id());
            if (want == null) {
                assertThat(last).as("%s never reported", u.id()).doesNotContainKey(u.id());
                continue;
            }
            assertThat(last).as("a snapshot of %s", u.id()).containsKey(u.id());
            UnitSnapshot got = last.get(u.id());
            assertThat(got.voted()).as("voted of %s", u.id()).isEqualTo(want.voted());
            assertThat(got.registered()).as("registered of %s", u.id()).isEqualTo(want.registered());
            assertThat(got.completeByLevel()).as("complete_by_level of %s", u.id())
                    .containsExactlyEntriesOf(want.completeByLevel());
            assertThat(got.asOf()).as("as_of of %s", u.id()).isEqualTo(want.asOf());
        }
        assertThat(expected).doesNotContainKey(SILENT).containsKey(REGISTRY.root());

        List<Alert> seen = alertList.get();
        assertThat(seen).filteredOn(a -> a.kind().equals("OVER_100_PERCENT"))
                .extracting(Alert::unitId, Alert::state).containsExactly(tuple(OVER_LIST, Alert.State.FIRING));
        assertThat(seen).filteredOn(a -> a.kind().equals("COUNTER_DECREASE"))
                .extracting(Alert::unitId, Alert::state).containsExactly(
                        tuple(LOWERED, Alert.State.FIRING),
                        tuple(LOWERED, Alert.State.RESOLVED));

        // Exactly the applied readings that lowered a source's count or changed a list, each once, named with
        // the token that sent it; stale, repeated and older-list readings make none.
        List<Correction> got = correctionList.get();
        assertThat(got).containsExactlyInAnyOrderElementsOf(referenceCorrections(day));
        long list = REGISTRY.unit(LOWERED).registered();
        assertThat(got).filteredOn(c -> c.field().equals(Correction.VOTED))
                .extracting(Correction::stationId, Correction::source, Correction::before, Correction::after,
                        Correction::seq, Correction::sentBy)
                .containsExactly(tuple(LOWERED, "main", list * 6 * 3 / 100, list * 6 * 2 / 100 - 20, 4L, "tok-2"));
        assertThat(got).filteredOn(c -> c.field().equals(Correction.REGISTERED))
                .extracting(Correction::stationId, Correction::before, Correction::after, Correction::seq)
                .containsExactly(tuple(LIST_CHANGED, REGISTRY.unit(LIST_CHANGED).registered(), 320L, 4L));

        List<HistoryPoint> points = historyList.get();
        if (pipeline == TurnoutJobConfig.Pipeline.SHARDED) {
            assertCurvesExact(points, referenceCurves(day), expected);
        } else {
            // The classic curve is as of arrival (TurnoutHistory, one point per bucket the coalesced updates move past;
            // a bounded input read in one tick may give none), not exact: its edges are TurnoutHistoryTest's.
            assertThat(points).allSatisfy(p -> assertThat(p.bucketEndMillis() % FIVE_MINUTES).isZero());
        }
    }

    /**
     * Every closed point the sharded path gave (the last one per unit and bucket end, as a consumer keeps them: late
     * readings amend) equals the plain-loop curve at its end, and every unit's last closed point is its final
     * figures: at the end of the bounded input the watermark closes every bucket, the last one too.
     */
    private static void assertCurvesExact(List<HistoryPoint> points, Map<String, TreeMap<Long, long[]>> curves,
                                          Map<String, UnitSnapshot> finals) {
        Map<String, HistoryPoint> closed = new TreeMap<>();
        for (HistoryPoint p : points) {
            if (!p.open()) {
                closed.put(p.unitId() + " at " + local(p.bucketEndMillis()), p);
            }
        }
        List<String> wrong = new ArrayList<>();
        Map<String, HistoryPoint> lastOfUnit = new HashMap<>();
        closed.values().forEach(p -> {
            long[] want = figuresAt(curves, p.unitId(), p.bucketEndMillis());
            if (p.voted() != want[0] || p.registered() != want[1] || p.reporting() != want[2]) {
                wrong.add(p.unitId() + " at " + local(p.bucketEndMillis()) + ": " + p.voted() + "/" + p.registered() + ", "
                        + p.reporting() + " reporting; expected " + want[0] + "/" + want[1] + ", " + want[2]);
            }
            lastOfUnit.merge(p.unitId(), p, (a, b) -> b.bucketEndMillis() > a.bucketEndMillis() ? b : a);
        });
        assertThat(wrong).as("closed curve points unlike the plain-loop curve, %d of %d", wrong.size(), closed.size())
                .isEmpty();
        // Not vacuous: the hours are there, and the 09:00 point holds the 09:00 reports (the 08:55 one does not).
        long nine = SEVEN.plusHours(2).toInstant().toEpochMilli();
        assertThat(closed).containsKeys("T at 09:00", "T at 08:55", "T-1-1-1 at 18:00");
        assertThat(closed.get("T at 09:00").voted()).isGreaterThan(closed.get("T at 08:55").voted())
                .isEqualTo(figuresAt(curves, "T", nine)[0]);
        for (Unit u : REGISTRY.units()) {
            if (u.depth() == REGISTRY.levels().size() - 1 || !finals.containsKey(u.id())) {
                continue;
            }
            HistoryPoint last = lastOfUnit.get(u.id());
            assertThat(last).as("a closed curve point of %s", u.id()).isNotNull();
            assertThat(last.voted()).as("last point of %s at %s", u.id(), local(last.bucketEndMillis()))
                    .isEqualTo(finals.get(u.id()).voted());
            assertThat(last.registered()).as("last point's list of %s", u.id()).isEqualTo(finals.get(u.id()).registered());
        }
        // The closing counts that complete commune T-1-1-1 are observed at 18:00:00 exactly: the point at 18:00 has
        // its final figures (the quiet hour after it is filled with them), the point at 17:55 does not.
        assertThat(closed.get("T-1-1-1 at 18:00").voted()).isEqualTo(finals.get("T-1-1-1").voted())
                .isEqualTo(finals.get("T-1-1-1").registered());
        assertThat(closed.get("T-1-1-1 at 17:55").voted()).isLessThan(finals.get("T-1-1-1").voted());
    }

    /** A unit's voted, registered and reporting at the end of the bucket ending at {@code end}, from the plain-loop curve. */
    private static long[] figuresAt(Map<String, TreeMap<Long, long[]>> curves, String unit, long end) {
        long[] f = {0, REGISTRY.registeredTotal(unit), 0};
        for (long[] c : curves.getOrDefault(unit, new TreeMap<>()).headMap(end, true).values()) {
            f[0] += c[0];
            f[1] += c[1];
            f[2] += c[2];
        }
        return f;
    }

    private static String local(long millis) {
        return Instant.ofEpochMilli(millis).atOffset(ZoneOffset.ofHours(7)).toLocalTime().toString();
    }

    /**
     * The curves, the plain way: in arrival order, each accepted reading (a higher seq than its source's latest)
     * changes its area's figures (sources summed, the latest-observed list); the change counts at the end of the
     * 5-minute bucket the reading was observed in, the bucket ending at or after it (a reading at 09:00:00 in the
     * point at 09:00); an area reports from the bucket of its earliest reading. Per unit, per bucket end: the changes
     * of the areas under it.
     */
    private static Map<String, TreeMap<Long, long[]>> referenceCurves(List<Reading> arriving) {
        Map<String, Reading> bySource = new HashMap<>();
        Map<String, Reading> listOf = new HashMap<>();
        Map<String, Long> firstSeen = new HashMap<>();
        Map<String, TreeMap<Long, long[]>> curves = new HashMap<>();
        for (Reading r : arriving) {
            if (REGISTRY.find(r.stationId()).isEmpty()) {
                continue;
            }
            String area = r.stationId();
            Reading before = bySource.get(area + "/" + r.source());
            if (before != null && r.seq() <= before.seq()) {
                continue;
            }
            long votedBefore = areaVoted(bySource, area);
            long listBefore = areaList(listOf, area);
            bySource.put(area + "/" + r.source(), r);
            Reading list = listOf.get(area);
            if (r.registered() != null && (list == null || !r.observedAt().isBefore(list.observedAt()))) {
                listOf.put(area, r);
            }
            long observed = r.observedAt().toEpochMilli();
            long end = endOfBucket(observed);
            long reporting = 0;
            Long first = firstSeen.get(area);
            if (first == null || observed < first) {
                firstSeen.put(area, observed);
                reporting = 1;
                if (first != null) {
                    addUp(curves, area, endOfBucket(first), 0, 0, -1);
                }
            }
            addUp(curves, area, end, areaVoted(bySource, area) - votedBefore, areaList(listOf, area) - listBefore,
                    reporting);
        }
        return curves;
    }

    /** The end of the 5-minute bucket holding {@code observed}: the first multiple of five minutes at or after it. */
    private static long endOfBucket(long observed) {
        long end = observed - Math.floorMod(observed, FIVE_MINUTES);
        return end == observed ? end : end + FIVE_MINUTES;
    }

    private static void addUp(Map<String, TreeMap<Long, long[]>> curves, String area, long end, long voted, long registered,
                              long reporting) {
        for (String u = area; u != null; u = REGISTRY.unit(u).parentId()) {
            long[] c = curves.computeIfAbsent(u, k -> new TreeMap<>()).computeIfAbsent(end, k -> new long[3]);
            c[0] += voted;
            c[1] += registered;
            c[2] += reporting;
        }
    }

    private static long areaVoted(Map<String, Reading> bySource, String area) {
        long voted = 0;
        for (Map.Entry<String, Reading> e : bySource.entrySet()) {
            if (e.getKey().startsWith(area + "/")) {
                voted += e.getValue().voted();
            }
        }
        return voted;
    }

    private static long areaList(Map<String, Reading> listOf, String area) {
        Reading list = listOf.get(area);
        return list == null ? REGISTRY.unit(area).registered() : list.registered();
    }

    /**
     * The corrections of the day, the plain way: per area in arrival order, each applied reading (a higher seq than
     * its source's latest) that counts fewer than its source did, or brings a list (observed no earlier than the
     * one in force) other than the one in force.
     */
    private static List<Correction> referenceCorrections(List<Reading> arriving) {
        Map<String, Reading> bySource = new HashMap<>();
        Map<String, Long> list = new HashMap<>();
        Map<String, Instant> listAsOf = new HashMap<>();
        List<Correction> expected = new ArrayList<>();
        for (Reading r : arriving) {
            if (REGISTRY.find(r.stationId()).isEmpty()) {
                continue;
            }
            Reading before = bySource.get(r.stationId() + "/" + r.source());
            if (before != null && r.seq() <= before.seq()) {
                continue;
            }
            bySource.put(r.stationId() + "/" + r.source(), r);
            if (before != null && r.voted() < before.voted()) {
                expected.add(new Correction(r.stationId(), r.source(), Correction.VOTED, before.voted(), r.voted(),
                        r.observedAt(), r.utcOffsetSeconds(), r.seq(), r.sentBy()));
            }
            Instant asOf = listAsOf.get(r.stationId());
            if (r.registered() != null && (asOf == null || !r.observedAt().isBefore(asOf))) {
                long was = list.getOrDefault(r.stationId(), REGISTRY.unit(r.stationId()).registered());
                list.put(r.stationId(), r.registered());
                listAsOf.put(r.stationId(), r.observedAt());
                if (was != r.registered()) {
                    expected.add(new Correction(r.stationId(), r.source(), Correction.REGISTERED, was, r.registered(),
                            r.observedAt(), r.utcOffsetSeconds(), r.seq(), r.sentBy()));
                }
            }
        }
        return expected;
    }

    private static <T> CompletableFuture<List<T>> drain(CloseableIterator<T> it) {
        return CompletableFuture.supplyAsync(() -> {
            List<T> all = new ArrayList<>();
            try (it) {
                it.forEachRemaining(all::add);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return all;
        });
    }

    private static void keepLatest(Map<String, UnitSnapshot> last, UnitSnapshot s) {
        last.merge(s.unitId(), s, (a, b) -> b.version() >= a.version() ? b : a);
    }

    /**
     * Nation T, provinces T-1..T-3, two districts each, two communes each, three polling areas per commune
     * (36 areas, lists 200, 210, ..., 550 in file order).
     */
    private static String registryCsv() {
        StringBuilder csv = new StringBuilder("unit_id,parent_id,level,name,registered\nT,,nation,Test,\n");
        StringBuilder areas = new StringBuilder();
        int i = 0;
        for (int p = 1; p <= 3; p++) {
            csv.append("T-%d,T,province,Province %d,\n".formatted(p, p));
            for (int d = 1; d <= 2; d++) {
                csv.append("T-%d-%d,T-%d,district,District %d,\n".formatted(p, d, p, d));
                for (int c = 1; c <= 2; c++) {
                    csv.append("T-%d-%d-%d,T-%d-%d,commune,Commune %d,\n".formatted(p, d, c, p, d, c));
                    for (int a = 1; a <= 3; a++) {
                        areas.append("T-%d-%d-%d-%d,T-%d-%d-%d,polling_area,Area %d,%d\n"
                                .formatted(p, d, c, a, p, d, c, a, 200 + 10 * i++));
                    }
                }
            }
        }
        return csv.append(areas).toString();
    }

    /**
     * The day as it arrives: hourly counts of a main and a mobile box (a device too in every third area) from 08:00
     * to 17:00 (90% of the list), a closing count at 18:00 that completes commune T-1-1-1 and every seventh area;
     * delivered out of order (up to 90 minutes either way, so some readings arrive after a later one of their
     * source and are stale), with a duplicate, a lowered counter, a count over the list and list changes.
     */
    private static List<Reading> day() {
        Random random = new Random(16);
        List<Reading> day = new ArrayList<>();
        List<Double> arrival = new ArrayList<>();
        int i = 0;
        for (Unit area : leaves()) {
            int index = i++;
            String id = area.id();
            if (id.equals(SILENT)) {
                continue;
            }
            long list = area.registered();
            boolean fault = id.equals(LOWERED) || id.equals(OVER_LIST) || id.equals(LIST_CHANGED);
            long device = 0;
            for (int h = 1; h <= 10; h++) {
                long main = list * 6 * h / 100;
                if (id.equals(LOWERED) && h == 4) {
                    main = list * 6 * 2 / 100 - 20;
                }
                Long newList = id.equals(LIST_CHANGED) && h == 4 ? 320L : null;
                add(day, arrival, Reading.of(id, "main", h, SEVEN.plusHours(h), main, newList), fault, random);
                add(day, arrival, Reading.of(id, "mobile", h, SEVEN.plusHours(h).plusMinutes(5), list * 3 * h / 100,
                        null), fault, random);
                if (index % 3 == 0 && h % 2 == 0) {
                    device = h;
                    add(day, arrival, Reading.of(id, "device-1", h / 2, SEVEN.plusHours(h).plusMinutes(10), device,
                            null), fault, random);
                }
            }
            long mobile = list * 3 * 10 / 100;
            if (id.startsWith("T-1-1-1-") || index % 7 == 3) {
                add(day, arrival, Reading.of(id, "main", 11, SEVEN.plusHours(11), list - mobile - device, null),
                        fault, random);
            }
            if (id.equals(OVER_LIST)) {
                add(day, arrival, Reading.of(id, "mobile", 11, SEVEN.plusHours(10).plusMinutes(30),
                        list - list * 6 * 10 / 100 + 25, null), true, random);
            }
        }
        List<Integer> order = new ArrayList<>();
        for (int k = 0; k < day.size(); k++) {
            order.add(k);
        }
        order.sort(Comparator.comparing(arrival::get));
        List<Reading> arriving = new ArrayList<>();
        order.forEach(k -> arriving.add(day.get(k)));
        // A list observed before the one in force, on a reading that is new for its source: the list stays.
        arriving.add(Reading.of(LIST_CHANGED, "mobile", 11, SEVEN.plusHours(3).plusMinutes(30),
                REGISTRY.unit(LIST_CHANGED).registered() * 3 * 10 / 100, 300L));
        arriving.add(arriving.get(arriving.size() / 2));   // a retried reading: a duplicate
        // Each province's readings sent by its own token, carried through to the corrections.
        arriving.replaceAll(r -> r.withSentBy("tok-" + r.stationId().split("-")[1]));
        return arriving;
    }

    private static void add(List<Reading> day, List<Double> arrival, Reading r, boolean inOrder, Random random) {
        double minute = (r.observedAt().toEpochMilli() - SEVEN.toInstant().toEpochMilli()) / 60_000.0;
        day.add(r);
        arrival.add(inOrder ? minute : minute + (random.nextDouble() * 180 - 90));
    }

    private static List<Unit> leaves() {
        List<Unit> leaves = new ArrayList<>();
        for (Unit u : REGISTRY.units()) {
            if (u.depth() == REGISTRY.levels().size() - 1) {
                leaves.add(u);
            }
        }
        return leaves;
    }

    /**
     * What every unit that has a reading must show, the plain way: per area and source the reading with the highest
     * seq so far wins (one arriving after a higher one is stale), sources add up, the list of the latest-observed
     * accepted reading that carries one replaces the registry's, and each unit sums the areas under it; as of the
     * latest observation accepted under it.
     */
    private static Map<String, UnitSnapshot> referenceTally(List<Reading> arriving) {
        Map<String, Reading> bySource = new LinkedHashMap<>();
        Map<String, Reading> listOf = new HashMap<>();
        Map<String, Instant> observed = new HashMap<>();
        for (Reading r : arriving) {
            if (REGISTRY.find(r.stationId()).isEmpty()) {
                continue;
            }
            Reading before = bySource.get(r.stationId() + "/" + r.source());
            if (before != null && r.seq() <= before.seq()) {
                continue;
            }
            bySource.put(r.stationId() + "/" + r.source(), r);
            observed.merge(r.stationId(), r.observedAt(), (a, b) -> a.isAfter(b) ? a : b);
            Reading list = listOf.get(r.stationId());
            if (r.registered() != null && (list == null || !r.observedAt().isBefore(list.observedAt()))) {
                listOf.put(r.stationId(), r);
            }
        }
        int depths = REGISTRY.levels().size();
        Map<String, long[]> sums = new HashMap<>();          // voted, registered, reporting areas
        Map<String, Instant> asOf = new HashMap<>();
        Map<String, Boolean> reported = new HashMap<>();
        for (Unit area : leaves()) {
            long voted = 0;
            for (Reading r : bySource.values()) {
                if (r.stationId().equals(area.id())) {
                    voted += r.voted();
                }
            }
            Instant latest = observed.get(area.id());
            long registered = listOf.containsKey(area.id()) ? listOf.get(area.id()).registered() : area.registered();
            for (String u = area.id(); u != null; u = REGISTRY.unit(u).parentId()) {
                long[] s = sums.computeIfAbsent(u, k -> new long[3]);
                s[0] += voted;
                s[1] += registered;
                s[2] += latest == null ? 0 : 1;
                if (latest != null && (asOf.get(u) == null || latest.isAfter(asOf.get(u)))) {
                    asOf.put(u, latest);
                }
                reported.merge(u, latest != null, Boolean::logicalOr);
            }
        }
        // complete[unit][depth] and total[unit][depth]: units at that depth under the unit, complete and all.
        Map<String, long[]> complete = new HashMap<>();
        Map<String, long[]> total = new HashMap<>();
        for (Unit u : REGISTRY.units()) {
            long[] s = sums.get(u.id());
            boolean done = s[1] > 0 && s[0] >= s[1];
            for (String a = u.parentId(); a != null; a = REGISTRY.unit(a).parentId()) {
                complete.computeIfAbsent(a, k -> new long[depths])[u.depth()] += done ? 1 : 0;
                total.computeIfAbsent(a, k -> new long[depths])[u.depth()] += 1;
            }
        }
        Map<String, UnitSnapshot> expected = new HashMap<>();
        for (Unit u : REGISTRY.units()) {
            if (!reported.get(u.id())) {
                continue;
            }
            long[] s = sums.get(u.id());
            Map<String, LevelCompletion> byLevel = new LinkedHashMap<>();
            for (int d = depths - 1; d > u.depth(); d--) {
                byLevel.put(REGISTRY.levels().get(d), new LevelCompletion(complete.get(u.id())[d], total.get(u.id())[d],
                        d == depths - 1 ? s[2] : null));
            }
            String at = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(asOf.get(u.id()).atOffset(ZoneOffset.ofHours(7)));
            expected.put(u.id(), new UnitSnapshot(u.id(), u.parentId(), u.level(), u.name(), s[1], s[0], byLevel, at, 0));
        }
        return expected;
    }
}
