package vn.election.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;
import vn.election.field.feed.KafkaReadingSink;
import vn.election.field.simulator.ElectionDaySimulator;
import vn.election.field.simulator.InjectedKind;
import vn.election.field.simulator.InjectedLabel;
import vn.election.field.simulator.SimulationConfig;
import vn.election.jobs.LocalTurnoutJob;
import vn.election.jobs.RegistryRef;
import vn.election.jobs.TurnoutJobConfig;
import vn.election.model.alert.Alert;
import vn.election.model.alert.AnomalyKind;
import vn.election.model.registry.Registry;
import vn.election.model.registry.RegistryLoader;
import vn.election.model.topic.Topics;
import vn.election.model.unit.UnitSnapshot;
import vn.election.testing.SharedKafka;
import vn.election.testing.TopicDrain;

/**
 * Scores the anomaly detectors: simulated days with injected anomalies and real-world faults go through
 * the real turnout job; each alert episode is matched to the simulator's labels (same unit, same kind,
 * started within the label's stretch give or take {@link #SLACK}). Prints precision and recall per kind
 * and writes them to target/detector-scores.md. More days: {@code -Dscoring.days=N}.
 */
class DetectorScoringIT {

    private static final Duration SLACK = Duration.ofMinutes(30);
    private static final Map<InjectedKind, AnomalyKind> DETECTED_AS = Map.of(
            InjectedKind.OVER_100_PERCENT, AnomalyKind.OVER_100_PERCENT,
            InjectedKind.COUNTER_DECREASE, AnomalyKind.COUNTER_DECREASE,
            InjectedKind.SURGE, AnomalyKind.SURGE,
            InjectedKind.SILENT_STATION, AnomalyKind.SILENT_STATION,
            InjectedKind.JUMP_TO_100_BEFORE_CHECKPOINT, AnomalyKind.JUMP_TO_100_BEFORE_CHECKPOINT,
            InjectedKind.LAGGING_PROVINCE, AnomalyKind.LAGGING_PEERS);

    /** Per anomaly kind: labels, labels found, alert episodes, episodes that match a label. */
    private static final class Score {
        int labels;
        int found;
        int alerts;
        int correct;

        String row(AnomalyKind kind) {
            return String.format("| %s | %d | %d | %s | %s |", kind, labels, alerts,
                    alerts == 0 ? "n/a" : String.format("%.2f", (double) correct / alerts),
                    labels == 0 ? "n/a" : String.format("%.2f", (double) found / labels));
        }
    }

    @Test
    void scoresEveryDetectorAgainstTheSimulatorsLabels() throws Exception {
        int days = Integer.getInteger("scoring.days", 2);
        String csv = registryCsv(12, 4, 5, 5);
        Registry registry = RegistryLoader.load(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), "scoring");
        Map<AnomalyKind, Score> scores = new EnumMap<>(AnomalyKind.class);
        for (AnomalyKind k : AnomalyKind.values()) {
            scores.put(k, new Score());
        }
        for (int day = 0; day < days; day++) {
            scoreOneDay(registry, RegistryRef.inline(csv), 100 + day, scores);
        }
        StringBuilder table = new StringBuilder("| kind | labels | alerts | precision | recall |\n|---|---|---|---|---|\n");
        scores.forEach((kind, s) -> table.append(s.row(kind)).append('\n'));
        System.out.println("Detector scores over " + days + " simulated days of " + registry.size() + " units:\n" + table);
        Files.writeString(Path.of("target", "detector-scores.md"), table.toString());

        for (AnomalyKind kind : DETECTED_AS.values()) {
            Score s = scores.get(kind);
            assertThat(s.labels).as("labels of %s", kind).isPositive();
            assertThat(s.found).as("%s found at least once", kind).isPositive();
            assertThat(s.correct).as("%s alerts matching a label", kind).isPositive();
        }
        // Peer lag is judged on exact curve points once the watermark has closed their bucket, so a replay at full
        // speed finds what a live day finds: held to the 0.95 aim.
        Score lagging = scores.get(AnomalyKind.LAGGING_PEERS);
        assertThat((double) lagging.found / lagging.labels).as("LAGGING_PEERS recall").isGreaterThanOrEqualTo(0.95);
        assertThat((double) lagging.correct / lagging.alerts).as("LAGGING_PEERS precision").isGreaterThanOrEqualTo(0.95);
    }

    private static void scoreOneDay(Registry registry, RegistryRef ref, long seed, Map<AnomalyKind, Score> scores)
            throws Exception {
        String prefix = SharedKafka.freshPrefix("scoring" + seed, 4);
        ElectionDaySimulator simulator;
        try (KafkaReadingSink sink = new KafkaReadingSink(SharedKafka.bootstrapServers(), prefix)) {
            simulator = new ElectionDaySimulator(SimulationConfig.plain(registry, 0,
                    OffsetDateTime.parse("2021-05-23T07:00:00+07:00"), seed).withFaultsAndAnomalies(true, true), sink);
            simulator.run();
        }
        TurnoutJobConfig config = TurnoutJobConfig.defaults(SharedKafka.bootstrapServers(), ref).withTopicPrefix(prefix);
        JobClient job = LocalTurnoutJob.start(config);
        List<Alert> alerts;
        try {
            long total = simulator.truth().totalVoted();
            Map<String, UnitSnapshot> latest = new HashMap<>();
            TopicDrain.readUntil(Topics.UNITS.withPrefix(prefix), records -> {
                records.forEach(r -> latest.put(r.key(), r.value()));
                records.clear();
                return latest.containsKey(registry.root()) && latest.get(registry.root()).voted() == total;
            }, Duration.ofSeconds(120));
            assertThat(latest.get(registry.root()).voted()).isEqualTo(total);
            // The day is in: read alerts until none has come for a few seconds.
            alerts = new ArrayList<>();
            TopicDrain.readUntilQuiet(Topics.ALERTS.withPrefix(prefix), Duration.ofSeconds(5), Duration.ofSeconds(60))
                    .forEach(r -> alerts.add(r.value()));
        } finally {
            job.cancel().get();
        }
        score(simulator.anomalyLabels(), alerts, scores);
    }

    private static void score(List<InjectedLabel> labels, List<Alert> alerts, Map<AnomalyKind, Score> scores) {
        Map<String, Alert> episodes = new HashMap<>();
        alerts.stream().filter(a -> a.state() == Alert.State.FIRING).forEach(a -> episodes.putIfAbsent(a.alertId(), a));
        for (Alert a : episodes.values()) {
            AnomalyKind kind = AnomalyKind.valueOf(a.kind());
            Score s = scores.get(kind);
            s.alerts++;
            if (labels.stream().anyMatch(l -> matches(l, kind, a))) {
                s.correct++;
            } else {
                System.out.println("DetectorScoringIT: alert matching no label: " + a.kind() + " " + a.unitId() + " from "
                        + a.startedAt() + ": " + a.message());
            }
        }
        for (InjectedLabel l : labels) {
            AnomalyKind kind = DETECTED_AS.get(l.kind());
            Score s = scores.get(kind);
            s.labels++;
            if (episodes.values().stream().anyMatch(a -> a.kind().equals(kind.name()) && matches(l, kind, a))) {
                s.found++;
            } else {
                System.out.println("DetectorScoringIT: label not found: " + l);
            }
        }
    }

    private static boolean matches(InjectedLabel label, AnomalyKind kind, Alert alert) {
        if (DETECTED_AS.get(label.kind()) != kind || !label.unitId().equals(alert.unitId())) {
            return false;
        }
        OffsetDateTime started = OffsetDateTime.parse(alert.startedAt());
        OffsetDateTime until = label.until() == null ? label.from().withHour(21) : label.until();
        return !started.isBefore(label.from().minus(SLACK)) && !started.isAfter(until.plus(SLACK));
    }

    /** A registry of 2021 shape: provinces × districts × communes × polling areas, lists of 400 to 1,400. */
    static String registryCsv(int provinces, int districts, int communes, int areas) {
        StringBuilder csv = new StringBuilder("unit_id,parent_id,level,name,registered\nS,,nation,Scoring,\n");
        java.util.SplittableRandom random = new java.util.SplittableRandom(42);
        for (int p = 1; p <= provinces; p++) {
            String pid = "S-" + p;
            csv.append(pid).append(",S,province,Tỉnh ").append(p).append(",\n");
            for (int d = 1; d <= districts; d++) {
                String did = pid + "-" + d;
                csv.append(did).append(',').append(pid).append(",district,Huyện ").append(d).append(",\n");
                for (int c = 1; c <= communes; c++) {
                    String cid = did + "-" + c;
                    csv.append(cid).append(',').append(did).append(",commune,Xã ").append(c).append(",\n");
                    for (int a = 1; a <= areas; a++) {
                        csv.append(cid).append('-').append(a).append(',').append(cid).append(",polling_area,Khu vực ")
                                .append(a).append(',').append(400 + random.nextInt(1001)).append('\n');
                    }
                }
            }
        }
        return csv.toString();
    }
}
