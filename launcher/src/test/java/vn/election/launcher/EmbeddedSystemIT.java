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
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.election.field.simulator.GroundTruth;
import vn.election.jobs.RegistryRef;
import vn.election.model.json.Json;
import vn.election.model.registry.Registry;
import vn.election.testing.SharedKafka;
import vn.election.testing.TestRegistries;

/**
 * The whole path on real engines: a simulated day and a reading posted over HTTP go through Kafka and
 * the Flink job to the dashboard's REST API, whose figures must equal the simulator's ground truth,
 * with the simulator's faults (duplicates, late and out-of-order delivery, bursts, corrections) and
 * anomalies on.
 */
class EmbeddedSystemIT {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aSimulatedDayAndAPostedReadingReachTheDashboardExactly(@TempDir Path dataDir) throws Exception {
        Path registryFile = dataDir.resolve("registry.csv");
        Files.writeString(registryFile, TestRegistries.TINY_2026_CSV);
        Registry registry = TestRegistries.tiny2026();
        SystemConfig config = new SystemConfig(registry, RegistryRef.file(registryFile), "127.0.0.1", 0, 0,
                dataDir.resolve("data"), SharedKafka.bootstrapServers(), SharedKafka.freshPrefix("embeddedSystem", 4),
                null, 0, 7, null);

        try (EmbeddedSystem system = EmbeddedSystem.start(config)) {
            // A mobile ballot box, reported by hand through ingest: it adds to the simulated main box.
            HttpResponse<String> posted = post(system, """
                    {"station_id": "X-2-d-1", "source": "mobile", "seq": 1,
                     "observed_at": "2021-05-23T15:00:00+07:00", "voted": 3}""");
            assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
            assertThat(posted.body()).isEqualTo("{\"accepted\":1}");
            HttpResponse<String> refused = post(system, "[{\"station_id\": \"X-2-d\", \"seq\": 1, "
                    + "\"observed_at\": \"2021-05-23T15:00:00+07:00\", \"voted\": 3}]");
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.body()).contains("\"index\":0").contains("station_id");

            await().atMost(Duration.ofSeconds(60)).until(() -> system.simulator().finished());
            Map<String, Long> truth = system.simulator().groundTruth();
            GroundTruth lists = system.simulator().truth();
            assertThat(truth).hasSize(8);
            long expectedVoted = truth.values().stream().mapToLong(Long::longValue).sum() + 3;
            long expectedRegistered = lists.totalRegistered();
            long expectedComplete = truth.entrySet().stream()
                    .filter(e -> e.getValue() + (e.getKey().equals("X-2-d-1") ? 3 : 0) >= lists.registered(e.getKey()))
                    .count();

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                JsonNode nation = getJson(system, "/api/v1/units/X");
                assertThat(nation.path("voted").asLong()).isEqualTo(expectedVoted);
                assertThat(nation.path("registered").asLong()).isEqualTo(expectedRegistered);
                assertThat(nation.path("complete_by_level").path("polling_area").path("complete").asLong())
                        .isEqualTo(expectedComplete);
                assertThat(nation.path("complete_by_level").path("polling_area").path("reporting").asLong())
                        .isEqualTo(8);
            });
            for (Map.Entry<String, Long> e : truth.entrySet()) {
                long extra = e.getKey().equals("X-2-d-1") ? 3 : 0;
                assertThat(getJson(system, "/api/v1/units/" + e.getKey()).path("voted").asLong())
                        .as(e.getKey()).isEqualTo(e.getValue() + extra);
            }
            JsonNode provinces = getJson(system, "/api/v1/units/X/children");
            assertThat(provinces).hasSize(2);
            assertThat(provinces.get(0).path("name").asText()).isEqualTo("Tỉnh Một, Bắc");
            assertThat(provinces.get(0).path("voted").asLong() + provinces.get(1).path("voted").asLong())
                    .isEqualTo(expectedVoted);
        }
    }

    private HttpResponse<String> post(EmbeddedSystem system, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + system.ingestPort() + "/api/v1/readings"))
                .header("Authorization", "Bearer " + system.ingestToken())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode getJson(EmbeddedSystem system, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + system.dashboardPort() + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return Json.MAPPER.readTree(r.body());
    }
}
