package vn.election.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.election.field.feed.CollectingReadingSink;
import vn.election.field.simulator.ElectionDaySimulator;
import vn.election.field.simulator.SimulationConfig;
import vn.election.ingest.IngestTokens;
import vn.election.jobs.RegistryRef;
import vn.election.model.json.Json;
import vn.election.model.reading.Reading;
import vn.election.model.reading.ReadingCodec;
import vn.election.model.registry.Registry;
import vn.election.model.registry.RegistryLoader;
import vn.election.model.topic.Topics;
import vn.election.testing.SharedKafka;
import vn.election.testing.TopicDrain;

/**
 * Issue 15 on a held-out day: a simulated day with faults and anomalies (a seed no other test plays) is written to
 * a file, replayed with {@code election-day replay} through ingest into the embedded system, and every downward
 * correction among its readings (an applied reading counting fewer than its source did) must appear in the root's
 * {@code /api/v1/units/{root}/corrections}, with its figures and the replaying token's id.
 */
class HeldOutDayCorrectionsIT {

    private static final long HELD_OUT_SEED = 15_2026L;
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void everyDownwardCorrectionOfTheDayIsListedAtTheRoot(@TempDir Path dir) throws Exception {
        String csv = DetectorScoringIT.registryCsv(3, 2, 3, 4);
        Path registryFile = Files.writeString(dir.resolve("registry.csv"), csv);
        Registry registry = RegistryLoader.load(registryFile);
        CollectingReadingSink day = new CollectingReadingSink();
        new ElectionDaySimulator(SimulationConfig.plain(registry, 0, OffsetDateTime.parse("2021-05-23T07:00:00+07:00"),
                HELD_OUT_SEED).withFaultsAndAnomalies(true, true), day).run();
        Path file = Files.write(dir.resolve("held-out-day.jsonl"), day.readings().stream().map(ReadingCodec::toJson).toList());

        String prefix = SharedKafka.freshPrefix("heldOutDay", 4);
        SystemConfig config = new SystemConfig(registry, RegistryRef.file(registryFile), "127.0.0.1", 0, 0,
                dir.resolve("data"), SharedKafka.bootstrapServers(), prefix, null, -1, 7, null);
        try (EmbeddedSystem system = EmbeddedSystem.start(config)) {
            CommandRun replay = CommandRun.of("replay", file.toString(), "--to", "http://127.0.0.1:" + system.ingestPort(),
                    "--token", system.ingestToken());
            assertThat(replay.exitCode()).as(replay.out() + replay.err()).isZero();

            // What the job was given, in the order it read each polling area (the replay sends batches side by side,
            // so the topic, not the file, says which reading of a source came after which).
            List<ConsumerRecord<String, Reading>> read = TopicDrain.readUntil(Topics.READINGS.withPrefix(prefix),
                    r -> r.size() >= day.readings().size(), Duration.ofSeconds(60));
            Map<String, long[]> expected = downwardCorrections(read);
            assertThat(expected).as("the held-out day has lowered counters").isNotEmpty();

            String tokenId = "h_" + IngestTokens.hash(system.ingestToken()).substring(0, 10);
            String root = registry.root();
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                Map<String, JsonNode> listed = listed(system, root);
                for (Map.Entry<String, long[]> e : expected.entrySet()) {
                    JsonNode c = listed.get(e.getKey());
                    assertThat(c).as("correction %s at the root", e.getKey()).isNotNull();
                    assertThat(c.get("before").asLong()).as(e.getKey()).isEqualTo(e.getValue()[0]);
                    assertThat(c.get("after").asLong()).as(e.getKey()).isEqualTo(e.getValue()[1]);
                    assertThat(c.get("sent_by").asText()).as(e.getKey()).isEqualTo(tokenId);
                }
            });
        }
    }

    /** Per area in the order read, each reading with a higher seq than its source's latest that counts fewer: id to {before, after}. */
    private static Map<String, long[]> downwardCorrections(List<ConsumerRecord<String, Reading>> read) {
        Map<String, Reading> latest = new HashMap<>();
        Map<String, long[]> expected = new TreeMap<>();
        for (ConsumerRecord<String, Reading> record : read) {
            Reading r = record.value();
            Reading before = latest.get(r.stationId() + "/" + r.source());
            if (before != null && r.seq() <= before.seq()) {
                continue;
            }
            latest.put(r.stationId() + "/" + r.source(), r);
            if (before != null && r.voted() < before.voted()) {
                expected.put(r.stationId() + "/" + r.source() + "/" + r.seq() + "/voted", new long[] {before.voted(), r.voted()});
            }
        }
        return expected;
    }

    /** Every correction the root lists, page by page, by id. */
    private Map<String, JsonNode> listed(EmbeddedSystem system, String root) throws Exception {
        Map<String, JsonNode> all = new HashMap<>();
        for (int offset = 0; ; offset += 500) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + system.dashboardPort()
                    + "/api/v1/units/" + root + "/corrections?limit=500&offset=" + offset)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode page = Json.MAPPER.readTree(r.body());
            page.get("items").forEach(c -> all.put(c.get("correction_id").asText(), c));
            if (offset + 500 >= page.get("total").asInt()) {
                return all;
            }
        }
    }
}
