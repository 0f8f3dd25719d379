package vn.election.dashboard.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import vn.election.dashboard.DashboardConfig;
import vn.election.dashboard.DashboardServer;
import vn.election.dashboard.auth.AccessConfig;
import vn.election.dashboard.auth.DashboardUser;
import vn.election.dashboard.auth.PasswordHasher;
import vn.election.dashboard.auth.UsersFile;
import vn.election.model.history.HistoryPointCodec;
import vn.election.model.history.HistoryRecord;
import vn.election.model.json.Json;
import vn.election.model.registry.Registry;
import vn.election.model.registry.RegistryLoader;
import vn.election.model.registry.Unit;
import vn.election.model.topic.Topics;
import vn.election.model.unit.UnitSnapshot;
import vn.election.model.unit.UnitSnapshotCodec;
import vn.election.testing.CapturedErrorLogs;
import vn.election.testing.SharedKafka;

/**
 * Checkpoints through real topics on the shared broker, with logins: the data clock passes 11:10, the 11:00
 * checkpoint is published once for every unit above the polling areas and answered; a correction afterwards shows
 * beside the frozen figure, which stays; a second instance on the same topics shows the same frozen figures and
 * publishes nothing again; a flood of requests over every unit and absurd ids leave the instance serving.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CheckpointApiIT {

    private static final String PASSWORD = "correct horse battery";
    private static final String DAY = "2021-05-23T";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final Registry registry = RegistryLoader.bundledDemo();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(WAIT).build();
    private Vertx vertx;
    private String prefix;
    private KafkaProducer<String, byte[]> producer;
    private DashboardConfig config;
    private DashboardServer first;
    private DashboardServer second;
    private String national;
    private String provincial;
    private long version;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        prefix = SharedKafka.freshPrefix("CheckpointApiIT");
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
        Path users = dir.resolve("users.jsonl");
        UsersFile.append(users, new DashboardUser("nation", PasswordHasher.hash(PASSWORD, 4), "VN", "national", 0));
        UsersFile.append(users, new DashboardUser("qn-ops", PasswordHasher.hash(PASSWORD, 4), "VN-22", "provincial centre", 0));
        config = DashboardConfig.defaults(SharedKafka.bootstrapServers(), registry).withPort(0).withTopicPrefix(prefix)
                .withAccess(new AccessConfig(users, "a checkpoint test secret of at least 32 bytes", null));
        vertx = Vertx.vertx();
        first = DashboardServer.start(vertx, config).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> get(first, "/health", null).statusCode() == 200);
        national = login(first, "nation");
        provincial = login(first, "qn-ops");
    }

    @AfterAll
    void stop() throws Exception {
        for (DashboardServer s : new DashboardServer[] {first, second}) {
            if (s != null) {
                s.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
        }
        producer.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    @Order(1)
    void theCheckpointIsFrozenOnceTheDataClockHasPassedItByTheGraceAndPublishedOnce() throws Exception {
        point("VN-22", "10:55", 5);
        point("VN-22", "11:00", 7);
        dataClockAt("11:05");
        await().atMost(WAIT).until(() -> first.store().clockMillis() != null
                && first.store().clockMillis() == OffsetDateTime.parse(DAY + "11:05+07:00").toInstant().toEpochMilli());
        // Two freezer rounds and more at 11:05: still pending.
        await().during(CheckpointService.EVERY.multipliedBy(2).plusMillis(500)).atMost(Duration.ofSeconds(15))
                .until(() -> row(table(first, "VN-22", national), "11:00").get("state").asText().equals("pending"));
        assertThat(row(table(first, "VN-22", national), "11:00").get("state").asText()).isEqualTo("pending");

        dataClockAt("11:10");
        JsonNode frozen = await().atMost(WAIT).until(() -> row(table(first, "VN-22", national), "11:00"),
                r -> r.get("state").asText().equals("frozen"));
        assertThat(frozen.at("/frozen/voted").asLong()).isEqualTo(7);
        assertThat(frozen.at("/frozen/registered").asLong()).isEqualTo(registry.registeredTotal("VN-22"));
        assertThat(frozen.at("/frozen/source").asText()).isEqualTo("history");
        assertThat(frozen.at("/frozen/data_clock").asText()).isEqualTo("2021-05-23T11:10:00+07:00");
        assertThat(frozen.get("changed").asBoolean()).isFalse();
        assertThat(row(table(first, "VN-22", national), "13:00").get("state").asText()).isEqualTo("pending");

        long aboveAreas = countAboveAreas();
        // Three freezer rounds after the freeze: every record there, none repeated.
        await().during(CheckpointService.EVERY.multipliedBy(3)).atMost(WAIT).until(() -> {
            Map<String, Integer> k = recordsPerKey();
            return k.size() == 2 * aboveAreas && k.values().stream().allMatch(n -> n == 1);
        });
        Map<String, Integer> keys = recordsPerKey();
        assertThat(keys).hasSize((int) (2 * aboveAreas));   // 09:00 and 11:00, every unit above the polling areas
        assertThat(keys.values()).containsOnly(1);          // each once
        assertThat(keys).containsKey("VN-22@2021-05-23T11:00").doesNotContainKey(firstArea("VN-22") + "@2021-05-23T11:00");
    }

    @Test
    @Order(2)
    void aCorrectionShowsBesideTheFrozenFigureWhichStays() throws Exception {
        point("VN-22", "11:00", 9);   // a late reading amended the 11:00 bucket
        JsonNode row = await().atMost(WAIT).until(() -> row(table(first, "VN-22", provincial), "11:00"),
                r -> r.get("changed").asBoolean());
        assertThat(row.at("/frozen/voted").asLong()).isEqualTo(7);
        assertThat(row.at("/now/voted").asLong()).isEqualTo(9);
        assertThat(recordsPerKey().get("VN-22@2021-05-23T11:00")).isEqualTo(1);
    }

    @Test
    @Order(3)
    void aSecondInstanceShowsTheSameFrozenFiguresAndPublishesNothingAgain() throws Exception {
        second = DashboardServer.start(vertx, config).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> get(second, "/health", null).statusCode() == 200);
        String cookie = login(second, "nation");
        JsonNode a = row(table(first, "VN-22", national), "11:00");
        JsonNode b = await().atMost(WAIT).until(() -> row(table(second, "VN-22", cookie), "11:00"), r -> r.get("changed").asBoolean());
        assertThat(b.get("frozen")).isEqualTo(a.get("frozen"));
        assertThat(b.at("/now/voted").asLong()).isEqualTo(9);
        await().during(CheckpointService.EVERY.multipliedBy(3)).atMost(Duration.ofSeconds(15))
                .until(() -> recordsPerKey().values().stream().allMatch(n -> n == 1));
        assertThat(recordsPerKey().values()).containsOnly(1);
    }

    @Test
    @Order(4)
    void scopeUnknownUnitsAndPollingAreasAreAnsweredAsForEveryUnitRoute() throws Exception {
        assertThat(get(first, "/api/v1/units/VN-22/checkpoints", null).statusCode()).isEqualTo(401);
        assertThat(get(first, "/api/v1/units/VN-01/checkpoints", provincial).statusCode()).isEqualTo(403);
        HttpResponse<String> unknown = get(first, "/api/v1/units/VN-99/checkpoints", national);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(Json.MAPPER.readTree(unknown.body()).get("error").asText()).contains("VN-99");
        JsonNode area = table(first, firstArea("VN-22"), provincial);
        assertThat(area.get("kept").asBoolean()).isFalse();
        assertThat(area.get("checkpoints")).isEmpty();
    }

    @Test
    @Order(5)
    void aFloodOverEveryUnitAndAbsurdIdsLeaveTheInstanceServing() throws Exception {
        List<String> paths = new ArrayList<>();
        for (Unit u : registry.units()) {
            paths.add("/api/v1/units/" + u.id() + "/checkpoints");
        }
        for (String id : List.of("A".repeat(3000), "%00", "..%2F..%2Fetc%2Fpasswd", "%3Cscript%3E", "VN-22%0D%0ASet-Cookie:%20x=y",
                "%F0%9F%98%80", "%FF%FE", "VN-22@2021-05-23T11:00")) {
            paths.add("/api/v1/units/" + id + "/checkpoints");
        }
        ExecutorService attackers = Executors.newFixedThreadPool(32);
        try (CapturedErrorLogs errors = new CapturedErrorLogs()) {
            List<Future<Integer>> flood = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                for (String p : paths) {
                    flood.add(attackers.submit(() -> get(first, p, national).statusCode()));
                }
            }
            long started = System.nanoTime();
            HttpResponse<String> operator = get(first, "/api/v1/units/VN-22", provincial);
            long operatorMillis = (System.nanoTime() - started) / 1_000_000;
            Map<Integer, Long> byStatus = new TreeMap<>();
            for (Future<Integer> f : flood) {
                byStatus.merge(f.get(WAIT.toSeconds(), TimeUnit.SECONDS), 1L, Long::sum);
            }
            System.out.println("CheckpointApiIT: " + flood.size() + " checkpoint requests answered " + byStatus
                    + " in " + (System.nanoTime() - started) / 1_000_000 + " ms; an operator's read took " + operatorMillis + " ms");
            assertThat(operator.statusCode()).isEqualTo(200);
            assertThat(operatorMillis).isLessThan(5_000);
            assertThat(byStatus.keySet()).isSubsetOf(200, 400, 404);
            assertThat(errors.lines()).isEmpty();
        } finally {
            attackers.shutdownNow();
        }
        assertThat(get(first, "/health", null).statusCode()).isEqualTo(200);
        assertThat(row(table(first, "VN-22", national), "11:00").at("/frozen/voted").asLong()).isEqualTo(7);
    }

    private void point(String unit, String time, long voted) throws Exception {
        HistoryRecord h = new HistoryRecord(unit, OffsetDateTime.parse(DAY + time + "+07:00"), voted, registry.registeredTotal(unit),
                3, null, null);
        producer.send(new ProducerRecord<>(Topics.HISTORY.withPrefix(prefix).name(), unit, HistoryPointCodec.encode(h))).get();
    }

    /** Every polling area of Quảng Ninh read at {@code time}, and the nation's figures then: the data clock is there. */
    private void dataClockAt(String time) throws Exception {
        List<String> ids = new ArrayList<>(areasBelow("VN-22"));
        ids.add(registry.root());
        version++;
        for (String id : ids) {
            Unit u = registry.unit(id);
            UnitSnapshot s = new UnitSnapshot(id, u.parentId(), u.level(), u.name(), registry.registeredTotal(id), 1, Map.of(),
                    DAY + time + ":00+07:00", version);
            producer.send(new ProducerRecord<>(Topics.UNITS.withPrefix(prefix).name(), id, UnitSnapshotCodec.encode(s)));
        }
        producer.flush();
    }

    /** Records on the checkpoints topic per key, read from the beginning. */
    private Map<String, Integer> recordsPerKey() {
        Map<String, Integer> keys = new HashMap<>();
        String topic = Topics.CHECKPOINTS.withPrefix(prefix).name();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedKafka.bootstrapServers(), ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> ends = c.endOffsets(parts);
            while (parts.stream().anyMatch(p -> c.position(p) < ends.get(p))) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    keys.merge(r.key(), 1, Integer::sum);
                }
            }
        }
        return keys;
    }

    private long countAboveAreas() {
        long n = 0;
        for (Unit u : registry.units()) {
            n += registry.isLeaf(u.id()) ? 0 : 1;
        }
        return n;
    }

    private List<String> areasBelow(String unitId) {
        List<String> out = new ArrayList<>();
        if (registry.isLeaf(unitId)) {
            out.add(unitId);
        }
        for (String child : registry.children(unitId)) {
            out.addAll(areasBelow(child));
        }
        return out;
    }

    private String firstArea(String unitId) {
        return areasBelow(unitId).get(0);
    }

    private JsonNode table(DashboardServer server, String unit, String cookie) throws IOException {
        HttpResponse<String> r = get(server, "/api/v1/units/" + unit + "/checkpoints", cookie);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.MAPPER.readTree(r.body());
    }

    private static JsonNode row(JsonNode table, String at) {
        for (JsonNode r : table.get("checkpoints")) {
            if (r.get("at").asText().equals(at)) {
                return r;
            }
        }
        throw new AssertionError("no checkpoint " + at + " in " + table);
    }

    private HttpResponse<String> get(DashboardServer server, String path, String cookie) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).timeout(WAIT);
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return send(b.build());
    }

    private String login(DashboardServer server, String name) throws IOException {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/v1/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.MAPPER.createObjectNode().put("name", name).put("password", PASSWORD)
                        .toString())).build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        String cookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        return cookie.substring(0, cookie.indexOf(';'));
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
