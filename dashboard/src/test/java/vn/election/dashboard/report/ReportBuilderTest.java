package vn.election.dashboard.report;

import vn.election.dashboard.state.CurvePoint;
import vn.election.dashboard.state.PreviousTerm;
import vn.election.dashboard.state.TermLabel;
import vn.election.dashboard.state.CompletionTimes;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.election.dashboard.state.Baseline;
import vn.election.dashboard.state.UnitStore;
import vn.election.model.history.HistoryRecord;
import vn.election.model.registry.Registry;
import vn.election.model.unit.LevelCompletion;
import vn.election.model.unit.UnitSnapshot;
import vn.election.testing.TestRegistries;

/**
 * The report of a province of the 2026 shape (no district level): now from its snapshot, at a past
 * time from its curve and the completion times, with a correction that takes a completion back.
 */
class ReportBuilderTest {

    private static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");
    private static final String DAY = "2026-03-15T";

    private final Registry registry = TestRegistries.tiny2026();
    private final UnitStore store = new UnitStore(registry);
    private final CompletionTimes completions = new CompletionTimes(registry);
    private final Curves curves = new Curves();
    private ReportBuilder reports;

    @BeforeEach
    void setUp(@TempDir Path dir) throws IOException {
        Path baselineFile = dir.resolve("b.csv");
        Files.writeString(baselineFile, "unit_id,time,turnout_pct\nX,12:00,70\nX,13:00,80\n");
        PreviousTerm previous = PreviousTerm.read(new StringReader("""
                # what X-1 reached last term
                unit_id,level,complete_pct
                X-1,polling_area,81.42
                X-1,commune,50.54
                """), "test", TermLabel.of("2021"));
        reports = new ReportBuilder(store, curves, completions, previous, Baseline.load(baselineFile, new TermLabel("2021 curve", "2021 (curve)")), ZONE,
                Clock.systemUTC());

        // X-1-a-1 complete at 10:00; X-1-a-2 complete at 10:30, corrected down at 11:00, complete again at 12:00.
        point("X-1-a-1", "09:00", 50, 100, 1);
        point("X-1-a-1", "10:00", 100, 100, 1);
        point("X-1-a-2", "10:30", 200, 200, 1);
        point("X-1-a-2", "11:00", 199, 200, 1);
        point("X-1-a-2", "12:00", 200, 200, 1);
        point("X-1-b-1", "11:00", 300, 300, 1);
        point("X-1-a", "10:30", 300, 300, 2);
        point("X-1-a", "11:00", 299, 300, 2);
        point("X-1-a", "12:00", 300, 300, 2);
        point("X-1", "09:00", 50, 1000, 1);
        point("X-1", "10:00", 100, 1000, 1);
        point("X-1", "11:00", 599, 1000, 3);
        point("X-1", "12:00", 600, 1000, 3);
        store.offer(snapshot("X", 3600, 900, Map.of(), "13:00"));
        store.offer(snapshot("X-1", 1000, 650, levels(3, 4, 4, 1, 2), "13:00"));
    }

    @Test
    void nowComesFromTheLatestSnapshotWithOneRowPerLowerLevelAndNoDistrict() {
        TurnoutReport r = reports.now("X-1");

        assertThat(r.voted()).isEqualTo(650);
        assertThat(r.registered()).isEqualTo(1000);
        assertThat(r.turnoutPct()).isEqualByComparingTo("65.00");
        assertThat(r.areasReporting()).isEqualTo(4);
        assertThat(r.areasTotal()).isEqualTo(4);
        assertThat(r.levels()).extracting(TurnoutReport.LevelRow::level).containsExactly("polling_area", "commune");
        assertThat(r.levels().get(0)).isEqualTo(new TurnoutReport.LevelRow("polling_area", 3, 4,
                new java.math.BigDecimal("75.00"), new java.math.BigDecimal("81.42")));
        assertThat(r.levels().get(1).completePct()).isEqualByComparingTo("50.00");
        assertThat(r.asOf().figures()).isEqualTo(TurnoutReport.Source.SNAPSHOT);
        assertThat(r.asOf().completeByLevel()).isEqualTo(TurnoutReport.Source.SNAPSHOT);
        assertThat(r.asOf().time()).isEqualTo(OffsetDateTime.parse(DAY + "13:00+07:00"));
        assertThat(r.asOf().requested()).isNull();
        // The previous term at the same time of day, from the nation's curve (X-1 has none of its own).
        assertThat(r.previousTurnout().pct()).isEqualByComparingTo("80.00");
        assertThat(r.previousTurnout().unitId()).isEqualTo("X");
        assertThat(r.previousTermLabel()).isEqualTo(new TermLabel("2021", "2021"));
        assertThat(r.previousTurnout().label()).isEqualTo(new TermLabel("2021 curve", "2021 (curve)"));
        // The answer carries both: a file configured with one label has it in both fields, one with two has each.
        var json = ReportJson.of(r);
        assertThat(json.at("/previous_term/label").asText()).isEqualTo("2021");
        assertThat(json.at("/previous_term/label_en").asText()).isEqualTo("2021");
        assertThat(json.at("/previous_term/turnout/label").asText()).isEqualTo("2021 curve");
        assertThat(json.at("/previous_term/turnout/label_en").asText()).isEqualTo("2021 (curve)");
    }

    @Test
    void atTheVeryInstantOfTheLatestSnapshotItsFiguresAnswerAndTheCurveLaterGivesTheSameSoACheckpointStays() {
        // X-1's latest figures are as of 13:00 exactly: the areas' 13:00 reports are in, and the curve point at 13:00
        // (not closed yet) will hold them too, since a point includes the readings made at its end.
        TurnoutReport r = reports.at("X-1", ReportTime.parse("13:00", ZONE));
        assertThat(r.voted()).isEqualTo(650);
        assertThat(r.asOf().figures()).isEqualTo(TurnoutReport.Source.SNAPSHOT);

        // Later readings move the unit's clock on; the point at 13:00 has closed with the 13:00 reports in it, and a
        // report of 13:00 now comes from the curve with the same figure a checkpoint frozen at 13:00 got above.
        point("X-1", "13:00", 650, 1000, 4);
        point("X-1", "13:05", 700, 1000, 4);
        UnitSnapshot at1305 = snapshot("X-1", 1000, 700, levels(3, 4, 4, 1, 2), "13:05");
        store.offer(new UnitSnapshot(at1305.unitId(), at1305.parentId(), at1305.level(), at1305.name(), 1000, 700,
                at1305.completeByLevel(), at1305.asOf(), 2));
        TurnoutReport later = reports.at("X-1", ReportTime.parse("13:00", ZONE));
        assertThat(later.voted()).isEqualTo(650);
        assertThat(later.asOf().figures()).isEqualTo(TurnoutReport.Source.HISTORY);
        assertThat(later.asOf().time()).isEqualTo(OffsetDateTime.parse(DAY + "13:00+07:00"));
        assertThat(later.asOf().note()).as("the point at 13:00 is the time asked for, not one before it").isNull();
    }

    @Test
    void aReportAtAnExactHourHasThatHoursReportsFromThePointEndingThen() {
        // The areas report on the hour: X-1's 12:00 reports are in the point at 12:00 (600), not the next one.
        point("X-1", "11:55", 599, 1000, 3);
        TurnoutReport r = reports.at("X-1", ReportTime.parse("12:00", ZONE));
        assertThat(r.voted()).isEqualTo(600);
        assertThat(r.asOf().time()).isEqualTo(OffsetDateTime.parse(DAY + "12:00+07:00"));
        assertThat(r.asOf().figures()).isEqualTo(TurnoutReport.Source.HISTORY);
        assertThat(reports.at("X-1", ReportTime.parse("11:59", ZONE)).voted()).isEqualTo(599);
    }

    @Test
    void atAPastTimeFiguresComeFromTheCurveAndCountsFromCompletionTimes() {
        TurnoutReport r = reports.at("X-1", ReportTime.parse("12:30", ZONE));

        assertThat(r.voted()).isEqualTo(600);
        assertThat(r.areasReporting()).isEqualTo(3);
        assertThat(r.asOf().figures()).isEqualTo(TurnoutReport.Source.HISTORY);
        assertThat(r.asOf().completeByLevel()).isEqualTo(TurnoutReport.Source.COMPLETION_TIMES);
        assertThat(r.asOf().time()).isEqualTo(OffsetDateTime.parse(DAY + "12:00+07:00"));
        assertThat(r.asOf().requested()).isEqualTo(OffsetDateTime.parse(DAY + "12:30+07:00"));
        assertThat(r.asOf().note()).contains("ends at");
        assertThat(r.levels()).extracting(l -> l.level() + " " + l.complete() + "/" + l.total())
                .containsExactly("polling_area 3/4", "commune 1/2");
        assertThat(r.previousTurnout().pct()).isEqualByComparingTo("75.00");
        assertThat(r.previousTurnout().time()).hasToString("12:30");
    }

    @Test
    void aCorrectionTakesTheCompletionBackUntilTheUnitIsCompleteAgain() {
        assertThat(counts("10:15")).containsExactly("polling_area 1/4", "commune 0/2");
        // X-1-a-2 and X-1-a were complete at 10:30, but the 11:00 points corrected them down.
        assertThat(counts("10:45")).containsExactly("polling_area 1/4", "commune 0/2");
        assertThat(counts("11:00")).containsExactly("polling_area 2/4", "commune 0/2");
        assertThat(counts("12:00")).containsExactly("polling_area 3/4", "commune 1/2");
        assertThat(reports.at("X-1", ReportTime.parse("10:45", ZONE)).voted()).isEqualTo(100);
    }

    @Test
    void aCompletePointArrivingLateAfterItsCorrectionDoesNotUndoIt() {
        point("X-1-b-2", "11:00", 399, 400, 1);
        point("X-1-b-2", "10:30", 400, 400, 1);    // a late amendment of an earlier bucket, read after the correction
        assertThat(completions.completeAt("X-1-b-2", Instant.parse("2026-03-15T04:00:00Z"))).isFalse();
        point("X-1-b-2", "11:05", 400, 400, 1);
        assertThat(completions.completeAt("X-1-b-2", OffsetDateTime.parse(DAY + "11:05+07:00").toInstant())).isTrue();
        assertThat(completions.completeAt("X-1-b-2", OffsetDateTime.parse(DAY + "11:04+07:00").toInstant())).isFalse();
    }

    @Test
    void aPollingAreaWithoutCurvePointsIsCompleteFromItsSnapshotsTimeUntilACorrection() {
        // The job writes no curve points for polling areas by default: their snapshots say when they were complete.
        Instant before = OffsetDateTime.parse(DAY + "11:29+07:00").toInstant();
        Instant after = OffsetDateTime.parse(DAY + "11:31+07:00").toInstant();
        completions.offer(snapshot("X-1-b-2", 400, 399, Map.of(), "11:00"));
        completions.offer(snapshot("X-1-b-2", 400, 400, Map.of(), "11:30"));
        completions.offer(snapshot("X-1-b-2", 400, 401, Map.of(), "12:00"));     // still complete: the time stays
        assertThat(completions.completeAt("X-1-b-2", before)).isFalse();
        assertThat(completions.completeAt("X-1-b-2", after)).isTrue();
        completions.offer(snapshot("X-1-b-2", 400, 398, Map.of(), "12:10"));     // corrected down
        assertThat(completions.completeAt("X-1-b-2", after)).isFalse();
        // A commune's snapshot is not a completion time: its closed curve points are.
        completions.offer(snapshot("X-1-b", 700, 700, Map.of(), "12:20"));
        assertThat(completions.completeAt("X-1-b", OffsetDateTime.parse(DAY + "13:00+07:00").toInstant())).isFalse();
    }

    @Test
    void openPointsNeverCountAsCompletion() {
        completions.offer(new HistoryRecord("X-1-b-2", OffsetDateTime.parse(DAY + "09:00+07:00"), 400, 400, 1, null, null, true));
        assertThat(completions.completeAt("X-1-b-2", OffsetDateTime.parse(DAY + "18:00+07:00").toInstant())).isFalse();
    }

    @Test
    void beforeTheFirstPointNobodyHadVoted() {
        TurnoutReport r = reports.at("X-1", ReportTime.parse("08:00", ZONE));

        assertThat(r.voted()).isZero();
        assertThat(r.registered()).isEqualTo(1000);
        assertThat(r.asOf().figures()).isEqualTo(TurnoutReport.Source.REGISTRY);
        assertThat(r.levels()).extracting(TurnoutReport.LevelRow::complete).containsOnly(0L);
    }

    @Test
    void atOrAfterTheDataClockTheLatestFiguresAreTheAnswerAndTheNoteSaysSo() {
        TurnoutReport r = reports.at("X-1", ReportTime.parse("17:00", ZONE));

        assertThat(r.voted()).isEqualTo(650);
        assertThat(r.asOf().figures()).isEqualTo(TurnoutReport.Source.SNAPSHOT);
        assertThat(r.asOf().requested()).isEqualTo(OffsetDateTime.parse(DAY + "17:00+07:00"));
        assertThat(r.asOf().note()).contains("latest data is as of 2026-03-15T13:00+07:00");
    }

    @Test
    void aPollingAreasPastFiguresAreNotKeptAndSaySo() {
        TurnoutReport r = reports.at("X-1-a-1", ReportTime.parse("11:00", ZONE));

        assertThat(r.voted()).isNull();
        assertThat(r.levels()).isEmpty();
        assertThat(r.asOf().figures()).isEqualTo(TurnoutReport.Source.NOT_KEPT);
        assertThat(r.asOf().note()).contains("complete (true)");
    }

    @Test
    void theNationCountsEveryLevelBelowIt() {
        TurnoutReport r = reports.at("X", ReportTime.parse("2026-03-15T12:00+07:00", ZONE));

        assertThat(r.levels()).extracting(l -> l.level() + " " + l.complete() + "/" + l.total())
                .containsExactly("polling_area 3/8", "commune 1/4", "province 0/2");
        assertThat(r.asOf().figures()).isEqualTo(TurnoutReport.Source.REGISTRY);   // no curve of X was written
    }

    private java.util.List<String> counts(String time) {
        return reports.at("X-1", ReportTime.parse(time, ZONE)).levels().stream()
                .map(l -> l.level() + " " + l.complete() + "/" + l.total()).toList();
    }

    private void point(String unit, String time, long voted, long registered, long reporting) {
        HistoryRecord h = new HistoryRecord(unit, OffsetDateTime.parse(DAY + time + "+07:00"), voted, registered, reporting, null, null);
        completions.offer(h);
        curves.put(h);
    }

    private static Map<String, LevelCompletion> levels(long areas, long areasTotal, long reporting, long communes, long communesTotal) {
        Map<String, LevelCompletion> m = new LinkedHashMap<>();
        m.put("polling_area", new LevelCompletion(areas, areasTotal, reporting));
        m.put("commune", new LevelCompletion(communes, communesTotal, null));
        return m;
    }

    private UnitSnapshot snapshot(String id, long registered, long voted, Map<String, LevelCompletion> levels, String time) {
        var u = registry.unit(id);
        return new UnitSnapshot(id, u.parentId(), u.level(), u.name(), registered, voted, levels, DAY + time + ":00+07:00", 1);
    }

    /** A unit's curve points in memory: what the dashboard's history store answers, for units given points here. */
    private static final class Curves implements CurveLookup {
        private final Map<String, TreeMap<Instant, HistoryRecord>> points = new HashMap<>();

        void put(HistoryRecord h) {
            points.computeIfAbsent(h.unitId(), u -> new TreeMap<>()).put(h.bucketEnd().toInstant(), h);
        }

        @Override
        public Optional<CurvePoint> at(String unitId, Instant time) {
            return Optional.ofNullable(points.getOrDefault(unitId, new TreeMap<>()).floorEntry(time))
                    .map(e -> new CurvePoint(e.getValue().bucketEnd(), e.getValue().voted(), e.getValue().registered(),
                            e.getValue().reporting(), e.getValue().open()));
        }
    }
}
