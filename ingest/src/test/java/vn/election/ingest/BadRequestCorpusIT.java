package vn.election.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.election.ingest.IngestFixtures.REGISTRY;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.election.ingest.BadRequestCorpus.BadRequest;
import vn.election.model.json.Json;
import vn.election.model.reading.Reading;
import vn.election.model.registry.Unit;
import vn.election.model.topic.Topic;
import vn.election.model.topic.Topics;
import vn.election.testing.SharedKafka;
import vn.election.testing.TopicDrain;
import vn.election.testing.CapturedErrorLogs;

/**
 * Over 10,000 generated bad requests against a real ingest and the shared real broker: every answer
 * is a 4xx with a reason, none a 5xx, and the readings topic holds exactly the good readings sent
 * before and after the corpus.
 */
class BadRequestCorpusIT {

    private static final int CORPUS_SIZE = 10_500;
    private static final int CLIENTS = 4;
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static Vertx vertx;
    private static IngestServer server;
    private static Topic<String, Reading> readingsTopic;
    private static final IngestTokens TOKENS = new IngestTokens();
    private static final String ROOT_TOKEN = TOKENS.generate("VN");
    private static final String QUANG_NINH_TOKEN = TOKENS.generate("VN-22");
    private static List<String> stations;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void start() throws Exception {
        String prefix = SharedKafka.freshPrefix("BadRequestCorpus");
        readingsTopic = Topics.READINGS.withPrefix(prefix);
        vertx = Vertx.vertx();
        server = IngestServer.start(vertx, IngestFixtures.onFixtureDay(IngestConfig.defaults(
                SharedKafka.bootstrapServers(), REGISTRY).withPort(0).withTopicPrefix(prefix)), TOKENS).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        stations = StreamSupport.stream(REGISTRY.units().spliterator(), false).map(Unit::id).filter(REGISTRY::isLeaf)
                .sorted().toList();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void refusesEveryBadRequestWithA4xxAndAReasonAndWritesNoneOfIt() throws Exception {
        List<Reading> good = new ArrayList<>();
        good.addAll(sendGood(1, 40));

        List<BadRequest> corpus = new BadRequestCorpus(20_260_315L, ROOT_TOKEN, QUANG_NINH_TOKEN, stations)
                .generate(CORPUS_SIZE);
        Map<Integer, AtomicInteger> byStatus = new ConcurrentHashMap<>();
        Map<String, Map<Integer, AtomicInteger>> byKind = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        long t0 = System.nanoTime();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        CapturedErrorLogs errorLogs = new CapturedErrorLogs();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                done.add(clients.submit(() -> {
                    for (int i = client; i < corpus.size(); i += CLIENTS) {
                        BadRequest bad = corpus.get(i);
                        int status = send(bad, problems);
                        byStatus.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                        byKind.computeIfAbsent(bad.kind(), k -> new ConcurrentHashMap<>())
                                .computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(5, TimeUnit.MINUTES);
            }
        } finally {
            clients.shutdownNow();
            errorLogs.close();
        }
        long elapsedMs = (System.nanoTime() - t0) / 1_000_000;

        good.addAll(sendGood(2, 40));

        System.out.printf("Bad-request corpus: %d requests in %d ms; answers by status %s%n", corpus.size(), elapsedMs,
                new TreeMap<>(byStatus));
        new TreeMap<>(byKind).forEach((kind, statuses) -> System.out.printf("  %-24s %s%n", kind, new TreeMap<>(statuses)));
        assertThat(problems).as("requests not answered with a 4xx and a reason").isEmpty();
        assertThat(errorLogs.lines()).as("bad requests are the client's fault: no ERROR line").isEmpty();
        assertThat(byStatus.keySet()).allSatisfy(s -> assertThat(s).isBetween(400, 499));
        assertThat(byStatus.values().stream().mapToInt(AtomicInteger::get).sum()).isEqualTo(corpus.size());
        assertThat(corpus.size()).isGreaterThanOrEqualTo(10_000);

        // Every good reading was acknowledged (202) before this point, and nothing else writes to the topic:
        // its end offsets are final, so reading up to them reads everything it will ever hold.
        long total = TopicDrainEnd.endOffsetsTotal(readingsTopic);
        List<ConsumerRecord<String, Reading>> records = TopicDrain.readUntil(readingsTopic, r -> r.size() >= total, WAIT);
        assertThat(total).isEqualTo(good.size());
        assertThat(records).extracting(ConsumerRecord::value).containsExactlyInAnyOrderElementsOf(good);
    }

    /** Sends {@code n} good readings in a few batches and CSV uploads; returns them once all are answered 202. */
    private List<Reading> sendGood(int round, int n) throws Exception {
        List<Reading> sent = new ArrayList<>();
        OffsetDateTime at = OffsetDateTime.parse("2021-05-23T09:00:00+07:00");
        for (int i = 0; i < n; i++) {
            sent.add(Reading.of(stations.get(i % stations.size()), round == 1 ? "main" : "mobile", round * 1000L + i, at,
                    i, null));
        }
        List<Reading> json = sent.subList(0, n / 2);
        List<Reading> csv = sent.subList(n / 2, n);
        HttpResponse<String> a = http.send(post("/api/v1/readings", "application/json",
                "[" + String.join(",", json.stream().map(IngestFixtures::json).toList()) + "]"), HttpResponse.BodyHandlers.ofString());
        StringBuilder rows = new StringBuilder("station_id,source,seq,observed_at,voted,registered\n");
        for (Reading r : csv) {
            rows.append(r.stationId()).append(',').append(r.source()).append(',').append(r.seq()).append(',')
                    .append(r.observedAtLocal()).append(',').append(r.voted()).append(",\n");
        }
        HttpResponse<String> b = http.send(post("/api/v1/readings.csv", "text/csv; charset=utf-8", rows.toString()),
                HttpResponse.BodyHandlers.ofString());
        assertThat(a.statusCode()).as(a.body()).isEqualTo(202);
        assertThat(b.statusCode()).as(b.body()).isEqualTo(202);
        return Collections.unmodifiableList(sent);
    }

    private HttpRequest post(String path, String type, String body) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).timeout(WAIT)
                .header("Authorization", "Bearer " + ROOT_TOKEN).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
    }

    /** Sends one bad request; returns its status, noting in {@code problems} anything but a 4xx with a reason. */
    private int send(BadRequest bad, ConcurrentLinkedQueue<String> problems) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + bad.path()))
                .timeout(WAIT).method(bad.method(), bad.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(bad.body()));
        if (bad.contentType() != null) {
            b.header("Content-Type", bad.contentType());
        }
        if (bad.authorization() != null && !bad.authorization().isEmpty()) {
            b.header("Authorization", bad.authorization());
        }
        HttpResponse<String> response;
        try {
            response = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            problems.add(bad.kind() + ": no answer (" + e + ")");
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
        int status = response.statusCode();
        String reason = reason(response.body());
        if (status < 400 || status > 499 || reason.isBlank()) {
            problems.add(bad.kind() + ": HTTP " + status + " " + shorten(response.body()) + " for "
                    + shorten(new String(bad.body() == null ? new byte[0] : bad.body(), StandardCharsets.UTF_8)));
        }
        return status;
    }

    private static String reason(String body) {
        try {
            JsonNode errors = Json.MAPPER.readTree(body).get("errors");
            return errors == null || errors.isEmpty() ? "" : errors.get(0).path("message").asText("");
        } catch (IOException e) {
            return "";
        }
    }

    private static String shorten(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }
}
