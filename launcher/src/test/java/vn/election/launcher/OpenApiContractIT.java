package vn.election.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import vn.election.dashboard.DashboardConfig;
import vn.election.dashboard.DashboardServer;
import vn.election.dashboard.auth.AccessConfig;
import vn.election.dashboard.auth.DashboardUser;
import vn.election.dashboard.auth.LoginLimits;
import vn.election.dashboard.auth.PasswordHasher;
import vn.election.dashboard.auth.UsersFile;
import vn.election.ingest.IngestConfig;
import vn.election.ingest.IngestServer;
import vn.election.ingest.IngestTokens;
import vn.election.ingest.TokenStore;
import vn.election.jobs.RegistryRef;
import vn.election.model.alert.Alert;
import vn.election.model.json.Json;
import vn.election.model.registry.Registry;
import vn.election.model.topic.Topic;
import vn.election.model.topic.Topics;
import vn.election.testing.SharedKafka;
import vn.election.testing.TestRegistries;

/**
 * Keeps docs/api/ingest.openapi.yaml and docs/api/dashboard.openapi.yaml true: for every (path, method,
 * status) the documents list, a request from the {@link #recipes() table} must produce that status from real
 * servers (the embedded system on the shared broker, plus a few servers configured to show what the system
 * does bound beyond loopback, without Kafka, or with a small login pool), and every JSON body must match the
 * documented schema (JSON Schema 2020-12, OpenAPI 3.1's dialect). A recipe for a status the documents lack,
 * a documented status with neither a recipe nor a reason in {@link #NOT_EXERCISED}, a path that is not
 * routed, or HEAD answering otherwise than GET fails the test. Requests go over raw sockets, so that Host,
 * Expect, a lying Content-Length and the client address can be chosen.
 */
class OpenApiContractIT {

    private static final String INGEST_DOC = "ingest";
    private static final String DASHBOARD_DOC = "dashboard";
    private static final String PASSWORD = "correct horse battery staple";
    private static final String EVIL_ORIGIN = "http://evil.example";

    /**
     * Documented statuses this test does not produce, each with the reason. They are printed on every run
     * so that none is skipped silently; a stale entry (no longer in the documents) fails the test.
     */
    private static final Map<String, String> NOT_EXERCISED = Map.of(
            // Needs Kafka to refuse a write while the dashboard already shows the alert: stopping the shared
            // broker would break the other tests of this JVM, and a private one costs a broker start.
            "dashboard POST /api/v1/alerts/{alert_id}/ack 503",
            "Kafka must refuse the acknowledgement of a known alert; the shared broker cannot be stopped here",
            "dashboard DELETE /api/v1/silences/{silence_id} 503",
            "Kafka must refuse the end of a known silence; the shared broker cannot be stopped here, and an instance without"
                    + " Kafka knows no silence");

    /** The servers the recipes talk to. */
    enum Server {
        /** The embedded system's ingest (loopback, token store). */
        INGEST,
        /** An ingest bound to 0.0.0.0 with a metrics token, a batch limit of 5 and a 1 s body deadline. */
        INGEST_PUBLIC,
        /** An ingest whose Kafka does not answer. */
        INGEST_NO_KAFKA,
        /** The embedded system's dashboard, with logins. */
        DASHBOARD,
        /** An open dashboard (no users file) on the same topics. */
        DASHBOARD_OPEN,
        /** A dashboard whose Kafka does not answer. */
        DASHBOARD_NO_KAFKA,
        /** A dashboard with logins and a login pool of 2 threads, no queue, 1 check per address. */
        DASHBOARD_SMALL_POOL
    }

    /** One row of the table: which documented triple it produces, and how. */
    record Recipe(String doc, String method, String path, int status, Function<Fixture, Response> send) {
        String key() {
            return doc + " " + method + " " + path + " " + status;
        }
    }

    private static Recipe row(String doc, String operation, int status, Function<Fixture, Response> send) {
        String[] parts = operation.split(" ", 2);
        return new Recipe(doc, parts[0], parts[1], status, send);
    }

    /** The table: for each documented (path, method, status) the request that should produce it. */
    static List<Recipe> recipes() {
        String i = INGEST_DOC;
        String d = DASHBOARD_DOC;
        return List.of(
                // ---- ingest: POST /api/v1/readings
                row(i, "POST /api/v1/readings", 202, f -> f.ingest("POST", "/api/v1/readings").bearer(f.national)
                        .json(f.reading("X-1-a-1", 1, 40)).send()),
                row(i, "POST /api/v1/readings", 400, f -> f.ingest("POST", "/api/v1/readings").bearer(f.national)
                        .json(f.reading("NO-SUCH-STATION", 1, 1)).send()),
                row(i, "POST /api/v1/readings", 401, f -> f.ingest("POST", "/api/v1/readings")
                        .json(f.reading("X-1-a-1", 2, 41)).send()),
                row(i, "POST /api/v1/readings", 403, f -> f.ingest("POST", "/api/v1/readings").bearer(f.province1)
                        .json(f.reading("X-2-c-1", 1, 5)).send()),
                row(i, "POST /api/v1/readings", 408, f -> f.at(Server.INGEST_PUBLIC, "POST", "/api/v1/readings")
                        .bearer(f.national).header("Content-Type", "application/json").partialBody("[", 100).send()),
                row(i, "POST /api/v1/readings", 413, f -> f.ingest("POST", "/api/v1/readings").bearer(f.national)
                        .header("Content-Type", "application/json").partialBody("[", 2 * 1024 * 1024).send()),
                row(i, "POST /api/v1/readings", 415, f -> f.ingest("POST", "/api/v1/readings").bearer(f.national)
                        .body("text/plain", f.reading("X-1-a-1", 2, 41)).send()),
                row(i, "POST /api/v1/readings", 417, f -> f.ingest("POST", "/api/v1/readings").bearer(f.national)
                        .header("Expect", "the-unexpected").json(f.reading("X-1-a-1", 2, 41)).send()),
                row(i, "POST /api/v1/readings", 421, f -> f.ingest("POST", "/api/v1/readings").host("evil.example")
                        .bearer(f.national).json(f.reading("X-1-a-1", 2, 41)).send()),
                row(i, "POST /api/v1/readings", 429, f -> f.untilStatus(429, seq -> f.at(Server.INGEST_PUBLIC, "POST",
                        "/api/v1/readings").bearer(f.slow).json(f.batch("X-1-b-1", seq * 5, 5)))),
                row(i, "POST /api/v1/readings", 503, f -> f.at(Server.INGEST_NO_KAFKA, "POST", "/api/v1/readings")
                        .bearer(f.noKafkaToken).json(f.reading("X-1-a-1", 1, 1)).send()),
                // ---- ingest: POST /api/v1/readings.csv
                row(i, "POST /api/v1/readings.csv", 202, f -> f.ingest("POST", "/api/v1/readings.csv").bearer(f.national)
                        .body("text/csv", f.csv("X-1-a-2", 1, 50)).send()),
                row(i, "POST /api/v1/readings.csv", 400, f -> f.ingest("POST", "/api/v1/readings.csv").bearer(f.national)
                        .body("text/csv", f.csv("X-1-a-2", -1, 50)).send()),
                row(i, "POST /api/v1/readings.csv", 401, f -> f.ingest("POST", "/api/v1/readings.csv").bearer("edt_not-a-token-at-all")
                        .body("text/csv", f.csv("X-1-a-2", 2, 51)).send()),
                row(i, "POST /api/v1/readings.csv", 403, f -> f.ingest("POST", "/api/v1/readings.csv").bearer(f.province1)
                        .body("text/csv", f.csv("X-2-c-2", 1, 5)).send()),
                row(i, "POST /api/v1/readings.csv", 408, f -> f.at(Server.INGEST_PUBLIC, "POST", "/api/v1/readings.csv")
                        .bearer(f.national).header("Content-Type", "text/csv").partialBody("station_id", 100).send()),
                row(i, "POST /api/v1/readings.csv", 413, f -> f.at(Server.INGEST_PUBLIC, "POST", "/api/v1/readings.csv")
                        .bearer(f.national).body("text/csv", f.csvRows("X-1-a-2", 10, 6)).send()),
                row(i, "POST /api/v1/readings.csv", 415, f -> f.ingest("POST", "/api/v1/readings.csv").bearer(f.national)
                        .body("application/json", f.reading("X-1-a-2", 2, 51)).send()),
                row(i, "POST /api/v1/readings.csv", 417, f -> f.ingest("POST", "/api/v1/readings.csv").bearer(f.national)
                        .header("Expect", "the-unexpected").body("text/csv", f.csv("X-1-a-2", 2, 51)).send()),
                row(i, "POST /api/v1/readings.csv", 421, f -> f.ingest("POST", "/api/v1/readings.csv").host("evil.example")
                        .bearer(f.national).body("text/csv", f.csv("X-1-a-2", 2, 51)).send()),
                row(i, "POST /api/v1/readings.csv", 429, f -> f.untilStatus(429, seq -> f.at(Server.INGEST_PUBLIC, "POST",
                        "/api/v1/readings.csv").bearer(f.slow).body("text/csv", f.csvRows("X-1-b-2", seq * 5, 5)))),
                row(i, "POST /api/v1/readings.csv", 503, f -> f.at(Server.INGEST_NO_KAFKA, "POST", "/api/v1/readings.csv")
                        .bearer(f.noKafkaToken).body("text/csv", f.csv("X-1-a-2", 1, 1)).send()),
                // ---- ingest: the form, health, metrics
                row(i, "GET /api/v1/scope", 200, f -> f.ingest("GET", "/api/v1/scope").bearer(f.province1).send()),
                row(i, "GET /api/v1/scope", 401, f -> f.ingest("GET", "/api/v1/scope").send()),
                row(i, "GET /api/v1/scope", 421, f -> f.ingest("GET", "/api/v1/scope").host("evil.example").bearer(f.province1).send()),
                row(i, "GET /report", 200, f -> f.ingest("GET", "/report").send()),
                row(i, "GET /report", 421, f -> f.ingest("GET", "/report").host("evil.example").send()),
                row(i, "GET /report/{file}", 200, f -> f.ingest("GET", "/report/report.js").send()),
                row(i, "GET /report/{file}", 404, f -> f.ingest("GET", "/report/no-such-file.js").send()),
                row(i, "GET /report/{file}", 421, f -> f.ingest("GET", "/report/report.css").host("evil.example").send()),
                row(i, "GET /health", 200, f -> f.ingest("GET", "/health").send()),
                row(i, "GET /health", 421, f -> f.ingest("GET", "/health").host("evil.example").send()),
                row(i, "GET /health", 503, f -> f.at(Server.INGEST_NO_KAFKA, "GET", "/health").send()),
                row(i, "GET /metrics", 200, f -> f.ingest("GET", "/metrics").send()),
                row(i, "GET /metrics", 401, f -> f.at(Server.INGEST_PUBLIC, "GET", "/metrics").send()),
                row(i, "GET /metrics", 403, f -> f.at(Server.INGEST_PUBLIC, "GET", "/metrics").bearer(f.province1).send()),
                row(i, "GET /metrics", 421, f -> f.ingest("GET", "/metrics").host("evil.example").send()),

                // ---- dashboard: units (with logins: national and Tỉnh Một's sessions)
                row(d, "GET /api/v1/units/{id}", 200, f -> f.dash("GET", "/api/v1/units/X").cookie(f.nationalSession).send()),
                row(d, "GET /api/v1/units/{id}", 400, f -> f.dash("GET", "/api/v1/units/X?as_of=25:00").cookie(f.nationalSession).send()),
                row(d, "GET /api/v1/units/{id}", 401, f -> f.dash("GET", "/api/v1/units/X").send()),
                row(d, "GET /api/v1/units/{id}", 403, f -> f.dash("GET", "/api/v1/units/X-2").cookie(f.provincialSession).send()),
                row(d, "GET /api/v1/units/{id}", 404, f -> f.dash("GET", "/api/v1/units/NOPE").cookie(f.nationalSession).send()),
                row(d, "GET /api/v1/units/{id}", 421, f -> f.dash("GET", "/api/v1/units/X").host("evil.example").send()),
                row(d, "GET /api/v1/units/{id}/children", 200, f -> f.dash("GET", "/api/v1/units/X/children").cookie(f.nationalSession).send()),
                row(d, "GET /api/v1/units/{id}/children", 400, f -> f.dash("GET", "/api/v1/units/X/children?as_of=noon").cookie(f.nationalSession).send()),
                row(d, "GET /api/v1/units/{id}/children", 401, f -> f.dash("GET", "/api/v1/units/X/children").send()),
                row(d, "GET /api/v1/units/{id}/children", 403, f -> f.dash("GET", "/api/v1/units/X/children").cookie(f.provincialSession).send()),
                row(d, "GET /api/v1/units/{id}/children", 404, f -> f.dash("GET", "/api/v1/units/NOPE/children").cookie(f.nationalSession).send()),
                row(d, "GET /api/v1/units/{id}/children", 421, f -> f.dash("GET", "/api/v1/units/X/children").host("evil.example").send()),
                row(d, "GET /api/v1/units/{id}/history", 200, f -> f.dash("GET", "/api/v1/units/X-1/history").cookie(f.provincialSession).send()),
                row(d, "GET /api/v1/units/{id}/history", 400, f -> f.dash("GET", "/api/v1/units/X/history?day=yesterday").cookie(f.nationalSession).send()),
                row(d, "GET /api/v1/units/{id}/history", 401, f -> f.dash("GET", "/api/v1/units/X/history").send()),
                row(d, "GET /api/v1/units/{id}/history", 403, f -> f.dash("GET", "/api/v1/units/X/history").cookie(f.provincialSession).send()),
                row(d, "GET /api/v1/units/{id}/history", 404, f -> f.dash("GET", "/api/v1/units/NOPE/history").cookie(f.nationalSession).send()),
                row(d, "GET /api/v1/units/{id}/history", 421, f -> f.dash("GET", "/api/v1/units/X/history").host("evil.example").send()),
                row(d, "GET /api/v1/units/{id}/histogram", 200, f -> f.dash("GET", "/api/v1/units/X/histogram").cookie(f.nationalSession).send()),
                row(d, "GET /api/v1/units/{id}/histogram", 401, f -> f.dash("GET", "/api/v1/units/X/histogram").send()),
                row(d, "GET /api/v1/units/{id}/histogram", 403, f -> f.dash("GET", "/api/v1/units/X-2/histogram").cookie(f.provincialSession).send()),
                row(d, "GET /api/v1/units/{id}/histogram", 404, f -> f.dash("GET", "/api/v1/units/NOPE/histogram").cookie(f.nationalSession).send()),
                row(d, "GET /api/v1/units/{id}/histogram", 421, f -> f.dash("GET", "/api/v1/units/X/histogram").host("evil.example").send()),
                row(d, "GET /api/v1/units/{id}/areas", 200, f -> f.dash("GET", "/api/v1/units/X/areas?filter=all&sort=name&order=desc&limit=5")
                        .cookie(f.nationalSession).send()),
                row(d, "GET /api/v1/units/{id}/areas", 400, f -> f.dash("GET", "/api/v1/units/X/areas?sort=votes").cookie(f.nationalSession).send()),
                row(d, "GET /api/v1/units/{id}/areas", 401, f -> f.dash("GET", "/api/v1/units/X/areas").send()),
                row(d, "GET /api/v1/units/{id}/areas", 403, f -> f.dash("GET", "/api/v1/units/X-2/areas").cookie(f.provincialSession).send()),
                row(d, "GET /api/v1/units/{id}/areas", 404, f -> f.dash("GET", "/api/v1/units/NOPE/areas").cookie(f.nationalSession).send()),
                row(d, "GET /api/v1/units/{id}/areas", 421, f -> f.dash("GET", "/api/v1/units/X/areas").host("evil.example").send()),
                row(d, "GET /api/v1/units/{id}/report", 200, f -> f.dash("GET", "/api/v1/units/X-1/report").cookie(f.provincialSession).send()),
                row(d, "GET /api/v1/units/{id}/report", 400, f -> f.dash("GET", "/api/v1/units/X/report?at=25:00").cookie(f.nationalSession).send()),
                row(d, "GET /api/v1/units/{id}/report", 401, f -> f.dash("GET", "/api/v1/units/X/report").send()),
                row(d, "GET /api/v1/units/{id}/report", 403, f -> f.dash("GET", "/api/v1/units/X-2/report?format=csv").cookie(f.provincialSession).send()),
                row(d, "GET /api/v1/units/{id}/report", 404, f -> f.dash("GET", "/api/v1/units/NOPE/report").cookie(f.nationalSession).send()),
                row(d, "GET /api/v1/units/{id}/report", 421, f -> f.dash("GET", "/api/v1/units/X/report").host("evil.example").send()),
                row(d, "GET /api/v1/units/{id}/checkpoints", 200, f -> f.dash("GET", "/api/v1/units/X-1/checkpoints").cookie(f.provincialSession).send()),
                row(d, "GET /api/v1/units/{id}/checkpoints", 401, f -> f.dash("GET", "/api/v1/units/X/checkpoints").send()),
                row(d, "GET /api/v1/units/{id}/checkpoints", 403, f -> f.dash("GET", "/api/v1/units/X-2/checkpoints").cookie(f.provincialSession).send()),
                row(d, "GET /api/v1/units/{id}/checkpoints", 404, f -> f.dash("GET", "/api/v1/units/NOPE/checkpoints").cookie(f.nationalSession).send()),
                row(d, "GET /api/v1/units/{id}/checkpoints", 421, f -> f.dash("GET", "/api/v1/units/X/checkpoints").host("evil.example").send()),
                row(d, "GET /api/v1/units/{id}/corrections", 200, f -> f.dash("GET", "/api/v1/units/X/corrections?limit=5&offset=0")
                        .cookie(f.nationalSession).send()),
                row(d, "GET /api/v1/units/{id}/corrections", 400, f -> f.dash("GET", "/api/v1/units/X/corrections?limit=0").cookie(f.nationalSession).send()),
                row(d, "GET /api/v1/units/{id}/corrections", 401, f -> f.dash("GET", "/api/v1/units/X/corrections").send()),
                row(d, "GET /api/v1/units/{id}/corrections", 403, f -> f.dash("GET", "/api/v1/units/X-2/corrections").cookie(f.provincialSession).send()),
                row(d, "GET /api/v1/units/{id}/corrections", 404, f -> f.dash("GET", "/api/v1/units/NOPE/corrections").cookie(f.nationalSession).send()),
                row(d, "GET /api/v1/units/{id}/corrections", 421, f -> f.dash("GET", "/api/v1/units/X/corrections").host("evil.example").send()),
                row(d, "GET /api/v1/meta", 200, f -> f.dash("GET", "/api/v1/meta").cookie(f.provincialSession).send()),
                row(d, "GET /api/v1/meta", 401, f -> f.dash("GET", "/api/v1/meta").send()),
                row(d, "GET /api/v1/meta", 421, f -> f.dash("GET", "/api/v1/meta").host("evil.example").send()),
                // ---- dashboard: alerts (one firing alert on X-2-c-1, outside Tỉnh Một)
                row(d, "GET /api/v1/alerts", 200, f -> f.dash("GET", "/api/v1/alerts?state=active&severity=WARNING").cookie(f.nationalSession).send()),
                row(d, "GET /api/v1/alerts", 400, f -> f.dash("GET", "/api/v1/alerts?state=burning").cookie(f.nationalSession).send()),
                row(d, "GET /api/v1/alerts", 401, f -> f.dash("GET", "/api/v1/alerts").send()),
                row(d, "GET /api/v1/alerts", 403, f -> f.dash("GET", "/api/v1/alerts?unit=X-2").cookie(f.provincialSession).send()),
                row(d, "GET /api/v1/alerts", 421, f -> f.dash("GET", "/api/v1/alerts").host("evil.example").send()),
                row(d, "POST /api/v1/alerts/{alert_id}/ack", 202, f -> f.dash("POST", "/api/v1/alerts/" + f.alertId + "/ack")
                        .cookie(f.nationalSession).json("{\"note\": \"called the commune\"}").send()),
                row(d, "POST /api/v1/alerts/{alert_id}/ack", 400, f -> f.dash("POST", "/api/v1/alerts/" + f.alertId + "/ack")
                        .cookie(f.nationalSession).json("{\"by\": \"somebody-else\"}").send()),
                row(d, "POST /api/v1/alerts/{alert_id}/ack", 401, f -> f.dash("POST", "/api/v1/alerts/" + f.alertId + "/ack").json("{}").send()),
                row(d, "POST /api/v1/alerts/{alert_id}/ack", 403, f -> f.dash("POST", "/api/v1/alerts/" + f.alertId + "/ack")
                        .cookie(f.provincialSession).json("{}").send()),
                row(d, "POST /api/v1/alerts/{alert_id}/ack", 404, f -> f.dash("POST", "/api/v1/alerts/no-such-alert/ack")
                        .cookie(f.nationalSession).json("{}").send()),
                row(d, "POST /api/v1/alerts/{alert_id}/ack", 413, f -> f.dash("POST", "/api/v1/alerts/" + f.alertId + "/ack")
                        .cookie(f.nationalSession).json("{\"note\": \"" + "x".repeat(2000) + "\"}").send()),
                row(d, "POST /api/v1/alerts/{alert_id}/ack", 421, f -> f.dash("POST", "/api/v1/alerts/" + f.alertId + "/ack")
                        .host("evil.example").cookie(f.nationalSession).json("{}").send()),
                // ---- dashboard: access
                // ---- dashboard: silences (issue 15)
                row(d, "GET /api/v1/silences", 200, f -> f.dash("GET", "/api/v1/silences").cookie(f.provincialSession).send()),
                row(d, "GET /api/v1/silences", 401, f -> f.dash("GET", "/api/v1/silences").send()),
                row(d, "GET /api/v1/silences", 421, f -> f.dash("GET", "/api/v1/silences").host("evil.example").cookie(f.nationalSession).send()),
                row(d, "POST /api/v1/silences", 201, f -> f.dash("POST", "/api/v1/silences").cookie(f.nationalSession)
                        .json(Fixture.silenceBody("X-2", null)).send()),
                row(d, "POST /api/v1/silences", 400, f -> f.dash("POST", "/api/v1/silences").cookie(f.nationalSession)
                        .json("{\"unit_id\": \"X-2\", \"ends_at\": \"2020-01-01T00:00:00+07:00\"}").send()),
                row(d, "POST /api/v1/silences", 401, f -> f.dash("POST", "/api/v1/silences").json(Fixture.silenceBody("X-2", null)).send()),
                row(d, "POST /api/v1/silences", 403, f -> f.dash("POST", "/api/v1/silences").cookie(f.provincialSession)
                        .json(Fixture.silenceBody("X-2", null)).send()),
                row(d, "POST /api/v1/silences", 409, Fixture::silenceOverTheCap),
                row(d, "POST /api/v1/silences", 413, f -> f.dash("POST", "/api/v1/silences").cookie(f.nationalSession)
                        .json("{\"comment\": \"" + "x".repeat(5000) + "\"}").send()),
                row(d, "POST /api/v1/silences", 421, f -> f.dash("POST", "/api/v1/silences").host("evil.example")
                        .cookie(f.nationalSession).json(Fixture.silenceBody("X-2", null)).send()),
                row(d, "POST /api/v1/silences", 429, f -> f.overTheSilenceRate("POST", "/api/v1/silences", "127.0.0.5")),
                row(d, "POST /api/v1/silences", 503, f -> f.at(Server.DASHBOARD_NO_KAFKA, "POST", "/api/v1/silences")
                        .json(Fixture.silenceBody("X-2", null)).send()),
                row(d, "DELETE /api/v1/silences/{silence_id}", 200, f -> f.dash("DELETE", "/api/v1/silences/" + f.newSilence())
                        .cookie(f.nationalSession).send()),
                row(d, "DELETE /api/v1/silences/{silence_id}", 400, f -> f.dash("DELETE", "/api/v1/silences/" + f.newSilence())
                        .cookie(f.nationalSession).json("{\"expired_by\": \"somebody-else\"}").send()),
                row(d, "DELETE /api/v1/silences/{silence_id}", 401, f -> f.dash("DELETE", "/api/v1/silences/any").send()),
                row(d, "DELETE /api/v1/silences/{silence_id}", 403, f -> f.dash("DELETE", "/api/v1/silences/" + f.newSilence())
                        .cookie(f.provincialSession).send()),
                row(d, "DELETE /api/v1/silences/{silence_id}", 404, f -> f.dash("DELETE", "/api/v1/silences/no-such-silence")
                        .cookie(f.nationalSession).send()),
                row(d, "DELETE /api/v1/silences/{silence_id}", 421, f -> f.dash("DELETE", "/api/v1/silences/any")
                        .host("evil.example").cookie(f.nationalSession).send()),
                row(d, "DELETE /api/v1/silences/{silence_id}", 429, f -> f.overTheSilenceRate("DELETE", "/api/v1/silences/no-such-silence", "127.0.0.6")),
                row(d, "POST /api/v1/login", 200, f -> f.login(Server.DASHBOARD, "nation-ops", PASSWORD, null)),
                row(d, "POST /api/v1/login", 400, f -> f.dash("POST", "/api/v1/login").json("[\"nation-ops\"]").send()),
                row(d, "POST /api/v1/login", 401, f -> f.login(Server.DASHBOARD, "p1-ops", "not the password", null)),
                row(d, "POST /api/v1/login", 403, f -> f.dash("POST", "/api/v1/login").header("Origin", EVIL_ORIGIN)
                        .json(loginBody("nation-ops", PASSWORD)).send()),
                row(d, "POST /api/v1/login", 404, f -> f.at(Server.DASHBOARD_OPEN, "POST", "/api/v1/login")
                        .json(loginBody("nation-ops", PASSWORD)).send()),
                row(d, "POST /api/v1/login", 413, f -> f.dash("POST", "/api/v1/login").json(loginBody("nation-ops", "x".repeat(5000))).send()),
                row(d, "POST /api/v1/login", 421, f -> f.dash("POST", "/api/v1/login").host("evil.example")
                        .json(loginBody("nation-ops", PASSWORD)).send()),
                row(d, "POST /api/v1/login", 429, f -> f.untilStatus(429, n -> f.dash("POST", "/api/v1/login")
                        .json(loginBody("throttled-ops", "wrong password " + n)))),
                row(d, "POST /api/v1/login", 503, Fixture::loginPoolFull),
                row(d, "POST /api/v1/logout", 200, f -> f.dash("POST", "/api/v1/logout").send()),
                row(d, "POST /api/v1/logout", 403, f -> f.dash("POST", "/api/v1/logout").header("Origin", EVIL_ORIGIN).send()),
                row(d, "POST /api/v1/logout", 421, f -> f.dash("POST", "/api/v1/logout").host("evil.example").send()),
                row(d, "GET /api/v1/me", 200, f -> f.dash("GET", "/api/v1/me").cookie(f.provincialSession).send()),
                row(d, "GET /api/v1/me", 401, f -> f.dash("GET", "/api/v1/me").send()),
                row(d, "GET /api/v1/me", 421, f -> f.dash("GET", "/api/v1/me").host("evil.example").send()),
                // ---- dashboard: websocket, ops, page
                row(d, "GET /ws", 101, f -> f.dash("GET", "/ws").cookie(f.nationalSession).webSocket().send()),
                row(d, "GET /ws", 401, f -> f.dash("GET", "/ws").webSocket().send()),
                row(d, "GET /ws", 403, f -> f.dash("GET", "/ws").cookie(f.nationalSession).header("Origin", EVIL_ORIGIN)
                        .webSocket().send()),
                row(d, "GET /ws", 421, f -> f.dash("GET", "/ws").host("evil.example").webSocket().send()),
                row(d, "GET /ws", 426, f -> f.dash("GET", "/ws").cookie(f.nationalSession).send()),
                row(d, "GET /health", 200, f -> f.dash("GET", "/health").send()),
                row(d, "GET /health", 421, f -> f.dash("GET", "/health").host("evil.example").send()),
                row(d, "GET /health", 503, f -> f.at(Server.DASHBOARD_NO_KAFKA, "GET", "/health").send()),
                row(d, "GET /metrics", 200, f -> f.dash("GET", "/metrics").cookie(f.nationalSession).send()),
                row(d, "GET /metrics", 401, f -> f.dash("GET", "/metrics").send()),
                row(d, "GET /metrics", 403, f -> f.dash("GET", "/metrics").cookie(f.provincialSession).send()),
                row(d, "GET /metrics", 421, f -> f.dash("GET", "/metrics").host("evil.example").send()),
                row(d, "GET /", 200, f -> f.dash("GET", "/").send()),
                row(d, "GET /", 421, f -> f.dash("GET", "/").host("evil.example").send()),
                row(d, "GET /login.html", 200, f -> f.dash("GET", "/login.html").send()),
                row(d, "GET /login.html", 421, f -> f.dash("GET", "/login.html").host("evil.example").send()),
                row(d, "GET /app.js", 200, f -> f.dash("GET", "/app.js").send()),
                row(d, "GET /app.js", 421, f -> f.dash("GET", "/app.js").host("evil.example").send()),
                row(d, "GET /js/{module}", 200, f -> f.dash("GET", "/js/main.js").send()),
                row(d, "GET /js/{module}", 404, f -> f.dash("GET", "/js/no-such-module.js").send()),
                row(d, "GET /js/{module}", 421, f -> f.dash("GET", "/js/main.js").host("evil.example").send()),
                row(d, "GET /style.css", 200, f -> f.dash("GET", "/style.css").send()),
                row(d, "GET /style.css", 421, f -> f.dash("GET", "/style.css").host("evil.example").send()),
                row(d, "GET /report.html", 200, f -> f.dash("GET", "/report.html").send()),
                row(d, "GET /report.html", 421, f -> f.dash("GET", "/report.html").host("evil.example").send()),
                row(d, "GET /report.css", 200, f -> f.dash("GET", "/report.css").send()),
                row(d, "GET /report.css", 421, f -> f.dash("GET", "/report.css").host("evil.example").send()),
                row(d, "GET /login.css", 200, f -> f.dash("GET", "/login.css").send()),
                row(d, "GET /login.css", 421, f -> f.dash("GET", "/login.css").host("evil.example").send()));
    }

    /** What a path's parameters stand for when the test makes up a request to it (other methods, HEAD). */
    private static final Map<String, String> SAMPLES = Map.of(
            "{id}", "X", "{alert_id}", "some-alert", "{file}", "report.js", "{module}", "main.js");

    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    @Test
    void everyDocumentedPathMethodAndStatusAnswersAsDocumented(@TempDir Path dataDir) throws Exception {
        Map<String, JsonNode> docs = new LinkedHashMap<>();
        docs.put(INGEST_DOC, loadDocument("ingest.openapi.yaml"));
        docs.put(DASHBOARD_DOC, loadDocument("dashboard.openapi.yaml"));

        // What the documents promise: (doc, METHOD, path, status), plus the status of any other method per path.
        Set<String> documented = new TreeSet<>();
        Map<String, JsonNode> otherResponses = new LinkedHashMap<>();
        List<Recipe> recipes = new ArrayList<>(recipes());
        docs.forEach((doc, root) -> root.path("paths").fields().forEachRemaining(p -> {
            for (String m : METHODS) {
                p.getValue().path(m).path("responses").fieldNames()
                        .forEachRemaining(status -> documented.add(doc + " " + m.toUpperCase(Locale.ROOT) + " " + p.getKey() + " " + status));
            }
            JsonNode other = p.getValue().get("x-other-methods");
            if (other != null) {
                int status = other.path("status").asInt();
                documented.add(doc + " DELETE " + p.getKey() + " " + status);
                otherResponses.put(doc + " DELETE " + p.getKey() + " " + status, resolve(root, other.path("response")));
                // On the open dashboard: under /api/ the access gate would answer 401 first on the one with logins.
                Server server = doc.equals(INGEST_DOC) ? Server.INGEST : Server.DASHBOARD_OPEN;
                recipes.add(new Recipe(doc, "DELETE", p.getKey(), status,
                        f -> f.at(server, "DELETE", sample(p.getKey())).send()));
            }
        }));

        Set<String> recipeKeys = new LinkedHashSet<>();
        for (Recipe r : recipes) {
            assertThat(recipeKeys.add(r.key())).as("two recipes for " + r.key()).isTrue();
        }
        Set<String> undocumented = new TreeSet<>(recipeKeys);
        undocumented.removeAll(documented);
        assertThat(undocumented).as("recipes for statuses the documents lack (document them, or drop the recipe)").isEmpty();
        Set<String> unexercised = new TreeSet<>(documented);
        unexercised.removeAll(recipeKeys);
        unexercised.removeAll(NOT_EXERCISED.keySet());
        assertThat(unexercised).as("documented statuses with neither a recipe nor a reason in NOT_EXERCISED").isEmpty();
        assertThat(documented).as("NOT_EXERCISED entries the documents no longer have").containsAll(NOT_EXERCISED.keySet());

        long t0 = System.nanoTime();
        try (Fixture f = Fixture.start(dataDir)) {
            System.out.printf("OpenAPI contract: servers up in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            SchemaRegistry schemas = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
            List<String> failures = new ArrayList<>();
            Set<String> routed = new TreeSet<>();
            int heads = 0;
            for (Recipe r : recipes) {
                Response response;
                try {
                    response = r.send().apply(f);
                } catch (RuntimeException e) {
                    failures.add(r.key() + ": " + e);
                    continue;
                }
                if (response.status() != r.status()) {
                    failures.add(r.key() + ": answered " + response.status() + " " + abbreviate(response.text()));
                    continue;
                }
                JsonNode documentedResponse = otherResponses.containsKey(r.key()) ? otherResponses.get(r.key()) : resolve(docs.get(r.doc()), docs.get(r.doc()).path("paths").path(r.path())
                        .path(r.method().toLowerCase(Locale.ROOT)).path("responses").path(String.valueOf(r.status())));
                String problem = checkBody(schemas, docs.get(r.doc()), documentedResponse, response);
                if (problem != null) {
                    failures.add(r.key() + ": " + problem);
                    continue;
                }
                if (r.status() / 100 == 2 || r.status() == 101) {
                    routed.add(r.doc() + " " + r.path());
                }
                // HEAD answers wherever GET does, with GET's status and no body.
                if (r.method().equals("GET") && r.status() == 200) {
                    Response head = r.send().apply(f.headInstead());
                    heads++;
                    if (head.status() != 200 || head.body().length != 0) {
                        failures.add("HEAD " + r.path() + ": answered " + head.status() + " with " + head.body().length + " bytes");
                    }
                }
            }
            Set<String> paths = new TreeSet<>();
            docs.forEach((doc, root) -> root.path("paths").fieldNames().forEachRemaining(p -> paths.add(doc + " " + p)));
            paths.removeAll(routed);
            if (!paths.isEmpty()) {
                failures.add("documented paths that answered no 2xx/101 (not routed?): " + paths);
            }
            long exercised = recipes.size();
            System.out.printf("OpenAPI contract: %d (path, method, status) triples exercised (%d documented), %d HEAD checks,"
                    + " %d not exercised, in %d ms%n", exercised, documented.size(), heads, NOT_EXERCISED.size(),
                    (System.nanoTime() - t0) / 1_000_000);
            NOT_EXERCISED.forEach((k, why) -> System.out.println("  not exercised: " + k + " (" + why + ")"));
            assertThat(failures).as("answers that differ from docs/api/").isEmpty();
        }
    }

    private static String loginBody(String name, String password) {
        return Json.MAPPER.createObjectNode().put("name", name).put("password", password).toString();
    }

    private static String sample(String path) {
        String out = path;
        for (Map.Entry<String, String> e : SAMPLES.entrySet()) {
            out = out.replace(e.getKey(), e.getValue());
        }
        return out;
    }

    private static JsonNode loadDocument(String name) throws IOException {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("docs/api"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("docs/api above " + Path.of("").toAbsolutePath()).isNotNull();
        Object yaml = new Yaml(new LoaderOptions()).load(Files.readString(dir.resolve("docs/api").resolve(name)));
        JsonNode root = Json.MAPPER.valueToTree(yaml);
        assertThat(root.path("openapi").asText()).as(name).startsWith("3.1");
        return root;
    }

    /** Follows a {@code $ref} to components (one level is all the documents use for responses). */
    private static JsonNode resolve(JsonNode root, JsonNode node) {
        JsonNode ref = node.get("$ref");
        if (ref == null) {
            return node;
        }
        JsonNode target = root.at(ref.asText().substring(1));
        assertThat(target.isMissingNode()).as("dangling " + ref.asText()).isFalse();
        return target;
    }

    /** Null when the answer's content type is documented and its JSON body matches the documented schema. */
    private static String checkBody(SchemaRegistry schemas, JsonNode root, JsonNode documented, Response response) {
        JsonNode content = documented.path("content");
        if (content.isMissingNode() || content.isEmpty()) {
            return response.body().length == 0 || response.status() == 101 ? null
                    : "a body the document does not describe: " + abbreviate(response.text());
        }
        String type = response.header("content-type");
        String mediaType = type == null ? "" : type.split(";")[0].trim().toLowerCase(Locale.ROOT);
        if (!content.has(mediaType)) {
            return "Content-Type " + type + ", documented " + iterable(content.fieldNames());
        }
        JsonNode schema = content.path(mediaType).path("schema");
        if (!mediaType.equals("application/json") || schema.isMissingNode()) {
            return null;
        }
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            return "not JSON: " + abbreviate(response.text());
        }
        // The schema with the document's components beside it, so "#/components/schemas/..." resolves.
        ObjectNode full = Json.MAPPER.createObjectNode();
        full.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        full.setAll((ObjectNode) schema.deepCopy());
        full.set("components", root.path("components"));
        Schema compiled = schemas.getSchema(full);
        List<Error> errors = compiled.validate(body);
        return errors.isEmpty() ? null : "body does not match the schema: " + errors.stream().map(Error::toString).toList()
                + " in " + abbreviate(response.text());
    }

    private static List<String> iterable(Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "…";
    }

    /** An answer read off the socket. */
    record Response(int status, Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** A request over a raw socket: any Host, Expect or Content-Length, any local address. */
    static final class Request {
        private final int port;
        private final String target;
        private final String method;
        private String host = "127.0.0.1";
        private final Map<String, String> headers = new LinkedHashMap<>();
        private byte[] body;
        private long declaredLength = -1;
        private String localAddress;
        private boolean webSocket;

        Request(String method, int port, String target) {
            this.method = method;
            this.port = port;
            this.target = target;
        }

        Request host(String value) {
            host = value;
            return this;
        }

        Request header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        Request bearer(String token) {
            return header("Authorization", "Bearer " + token);
        }

        Request cookie(String session) {
            return header("Cookie", "election_session=" + session);
        }

        Request json(String json) {
            return body("application/json", json);
        }

        Request body(String contentType, String text) {
            header("Content-Type", contentType);
            body = text.getBytes(StandardCharsets.UTF_8);
            return this;
        }

        /** Declares {@code declared} bytes but sends only {@code start}: the rest never comes. */
        Request partialBody(String start, long declared) {
            body = start.getBytes(StandardCharsets.UTF_8);
            declaredLength = declared;
            return this;
        }

        Request from(String address) {
            localAddress = address;
            return this;
        }

        Request webSocket() {
            webSocket = true;
            return header("Upgrade", "websocket").header("Connection", "Upgrade")
                    .header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==").header("Sec-WebSocket-Version", "13");
        }

        Response send() {
            try (Socket socket = new Socket()) {
                if (localAddress != null) {
                    socket.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
                }
                socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
                socket.setSoTimeout(30_000);
                StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: " + host + "\r\n");
                headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
                if (!webSocket) {
                    head.append("Connection: close\r\n");
                }
                if (body != null) {
                    head.append("Content-Length: ").append(declaredLength >= 0 ? declaredLength : body.length).append("\r\n");
                }
                head.append("\r\n");
                OutputStream out = socket.getOutputStream();
                out.write(head.toString().getBytes(StandardCharsets.UTF_8));
                if (body != null) {
                    try {
                        out.write(body);
                    } catch (IOException e) {
                        // the server may answer and close before reading a body it refuses
                    }
                }
                out.flush();
                return read(socket.getInputStream(), method.equals("HEAD"));
            } catch (IOException e) {
                throw new IllegalStateException(method + " " + target + " on port " + port + ": " + e, e);
            }
        }

        private static Response read(InputStream in, boolean head) throws IOException {
            ByteArrayOutputStream headBytes = new ByteArrayOutputStream();
            int matched = 0;
            while (matched < 4) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("connection closed before the answer's head ended: " + headBytes);
                }
                headBytes.write(b);
                matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                        ? matched + 1 : 0;
            }
            String[] lines = headBytes.toString(StandardCharsets.ISO_8859_1).split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (int k = 1; k < lines.length; k++) {
                int colon = lines[k].indexOf(':');
                if (colon > 0) {
                    headers.put(lines[k].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[k].substring(colon + 1).trim());
                }
            }
            if (head || status == 101 || status == 204 || status == 304) {
                return new Response(status, headers, new byte[0]);
            }
            byte[] body;
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                body = dechunk(in);
            } else if (headers.containsKey("content-length")) {
                body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
            } else {
                body = in.readAllBytes();
            }
            return new Response(status, headers, body);
        }

        private static byte[] dechunk(InputStream in) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            while (true) {
                StringBuilder size = new StringBuilder();
                for (int b = in.read(); b != '\n'; b = in.read()) {
                    if (b < 0) {
                        return out.toByteArray();
                    }
                    if (b != '\r') {
                        size.append((char) b);
                    }
                }
                int n = Integer.parseInt(size.toString().split(";")[0].trim(), 16);
                if (n == 0) {
                    return out.toByteArray();
                }
                out.write(in.readNBytes(n));
                in.readNBytes(2);
            }
        }
    }

    /** The running servers, the tokens and sessions the recipes use, and request helpers. */
    static final class Fixture implements AutoCloseable {
        private final List<AutoCloseable> running = new ArrayList<>();
        private final Map<Server, Integer> ports = new LinkedHashMap<>();
        private String headMethod;
        String national;
        String province1;
        String slow;
        String noKafkaToken;
        String nationalSession;
        String provincialSession;
        String alertId;
        String prefix;

        /** This fixture, with every request it builds sent as HEAD (for the HEAD checks). */
        Fixture headInstead() {
            Fixture view = new Fixture();
            view.ports.putAll(ports);
            view.headMethod = "HEAD";
            view.national = national;
            view.province1 = province1;
            view.slow = slow;
            view.noKafkaToken = noKafkaToken;
            view.nationalSession = nationalSession;
            view.provincialSession = provincialSession;
            view.alertId = alertId;
            view.prefix = prefix;
            return view;
        }

        static Fixture start(Path dataDir) throws Exception {
            Fixture f = new Fixture();
            try {
                f.startAll(dataDir);
                return f;
            } catch (Exception | java.lang.Error e) {
                f.close();
                throw e;
            }
        }

        private void startAll(Path dataDir) throws Exception {
            Path registryFile = dataDir.resolve("registry.csv");
            Files.writeString(registryFile, TestRegistries.TINY_2026_CSV);
            Registry registry = TestRegistries.tiny2026();
            Path store = dataDir.resolve("tokens");
            TokenStore tokens = new TokenStore(store, Clock.systemUTC());
            national = tokens.create("X", "national centre", null).token();
            province1 = tokens.create("X-1", "Tỉnh Một", null).token();
            slow = tokens.create("X-1", "one reading a second", 1).token();
            Path users = dataDir.resolve("users");
            // Cost 4 keeps these logins quick; the small pool's user has the production cost, so its checks take a while.
            UsersFile.append(users, new DashboardUser("nation-ops", PasswordHasher.hash(PASSWORD, 4), "X", "national centre", 0));
            UsersFile.append(users, new DashboardUser("p1-ops", PasswordHasher.hash(PASSWORD, 4), "X-1", "provincial centre", 0));
            UsersFile.append(users, new DashboardUser("throttled-ops", PasswordHasher.hash(PASSWORD, 4), "X-2", null, 0));
            Path slowUsers = dataDir.resolve("slow-users");
            UsersFile.append(slowUsers, new DashboardUser("slow-ops", PasswordHasher.hash(PASSWORD, PasswordHasher.DEFAULT_COST),
                    "X", null, 0));

            prefix = SharedKafka.freshPrefix("openApi", 2);
            SystemConfig config = new SystemConfig(registry, RegistryRef.file(registryFile), "127.0.0.1", 0, 0,
                    dataDir.resolve("data"), SharedKafka.bootstrapServers(), prefix, null, -1, 7, null, store, users);
            EmbeddedSystem system = EmbeddedSystem.start(config);
            running.add(system);
            ports.put(Server.INGEST, system.ingestPort());
            ports.put(Server.DASHBOARD, system.dashboardPort());

            Vertx vertx = Vertx.vertx();
            running.add(() -> vertx.close().await(10, TimeUnit.SECONDS));
            String nowhere = "127.0.0.1:" + freePort();
            IngestConfig ingestDefaults = IngestConfig.defaults(SharedKafka.bootstrapServers(), registry).withPort(0)
                    .withTopicPrefix(prefix);
            IngestServer publicIngest = IngestServer.start(vertx, ingestDefaults.withHost("0.0.0.0").withTokenStore(store)
                    .withMaxBatch(5).withBodyDeadline(Duration.ofSeconds(1))
                    .withMetricsToken("a-metrics-token-of-at-least-32-bytes-long"), new IngestTokens()).await(30, TimeUnit.SECONDS);
            running.add(() -> publicIngest.close().await(10, TimeUnit.SECONDS));
            ports.put(Server.INGEST_PUBLIC, publicIngest.port());
            IngestTokens noKafkaTokens = new IngestTokens();
            noKafkaToken = noKafkaTokens.generate("X");
            IngestServer noKafkaIngest = IngestServer.start(vertx, IngestConfig.defaults(nowhere, registry).withPort(0),
                    noKafkaTokens).await(30, TimeUnit.SECONDS);
            running.add(() -> noKafkaIngest.close().await(10, TimeUnit.SECONDS));
            ports.put(Server.INGEST_NO_KAFKA, noKafkaIngest.port());

            DashboardConfig dashboardDefaults = DashboardConfig.defaults(SharedKafka.bootstrapServers(), registry).withPort(0)
                    .withTopicPrefix(prefix);
            DashboardServer open = DashboardServer.start(vertx, dashboardDefaults).await(30, TimeUnit.SECONDS);
            running.add(() -> open.close().await(10, TimeUnit.SECONDS));
            ports.put(Server.DASHBOARD_OPEN, open.port());
            DashboardServer noKafka = DashboardServer.start(vertx, DashboardConfig.defaults(nowhere, registry).withPort(0))
                    .await(30, TimeUnit.SECONDS);
            running.add(() -> noKafka.close().await(10, TimeUnit.SECONDS));
            ports.put(Server.DASHBOARD_NO_KAFKA, noKafka.port());
            DashboardServer smallPool = DashboardServer.start(vertx, dashboardDefaults.withAccess(new AccessConfig(slowUsers,
                    null, null).withLoginLimits(new LoginLimits(2, 0, 1, 30)))).await(30, TimeUnit.SECONDS);
            running.add(() -> smallPool.close().await(10, TimeUnit.SECONDS));
            ports.put(Server.DASHBOARD_SMALL_POOL, smallPool.port());

            // An alert as the job writes it, on a unit outside Tỉnh Một (so its login may not acknowledge it).
            alertId = "openapi-it-alert";
            Topic<String, Alert> alerts = Topics.ALERTS.withPrefix(prefix);
            try (KafkaProducer<String, Alert> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                    SharedKafka.bootstrapServers()), alerts.keySerializer(), alerts.valueSerializer())) {
                producer.send(new ProducerRecord<>(alerts.name(), alertId, new Alert(alertId, "silent-station", "SILENT_STATION",
                        "X-2-c-1", "polling_area", "warning", Alert.State.FIRING, java.math.BigDecimal.valueOf(45),
                        java.math.BigDecimal.valueOf(30), OffsetDateTime.now(ZoneOffset.ofHours(7)).truncatedTo(ChronoUnit.SECONDS)
                        .toString(), null, "no reading for 45 minutes"))).get();
            }
            nationalSession = session(login(Server.DASHBOARD, "nation-ops", PASSWORD, null));
            provincialSession = session(login(Server.DASHBOARD, "p1-ops", PASSWORD, null));
            // Figures through the real job, so curves have points and units have figures when their schemas are checked.
            Response posted = ingest("POST", "/api/v1/readings").bearer(national).json(batch("X-2-c-1", 1, 3)).send();
            assertThat(posted.status()).as(posted.text()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(200)).until(() -> {
                JsonNode unit = Json.MAPPER.readTree(dash("GET", "/api/v1/units/X-2/history").cookie(nationalSession).send().body());
                return unit.path("points").size() > 0;
            });
            // A lowered counter, so the corrections' schema is checked on a real record of the job's.
            Response lowered = ingest("POST", "/api/v1/readings").bearer(national).json("[" + reading("X-2-c-1", 4, 1) + "]").send();
            assertThat(lowered.status()).as(lowered.text()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(200)).until(() -> Json.MAPPER.readTree(
                    dash("GET", "/api/v1/units/X/corrections").cookie(nationalSession).send().body()).path("total").asInt() > 0);
            await().atMost(Duration.ofSeconds(30)).until(() -> dash("GET", "/api/v1/alerts").cookie(nationalSession).send().text()
                    .contains(alertId) && at(Server.DASHBOARD_OPEN, "GET", "/health").send().status() == 200
                    && dash("GET", "/health").send().status() == 200);
        }

        /** A creation request for a silence of {@code unit} (national, so no matcher but the unit) ending in an hour. */
        static String silenceBody(String unit, String createdBy) {
            ObjectNode o = Json.MAPPER.createObjectNode().put("unit_id", unit)
                    .put("ends_at", OffsetDateTime.now(ZoneOffset.ofHours(7)).plusHours(1).truncatedTo(ChronoUnit.SECONDS).toString());
            if (createdBy != null) {
                o.put("created_by", createdBy);
            }
            return o.toString();
        }

        /** A fresh silence on X (so outside Tỉnh Một's reach to end) made by the national login; its id. */
        String newSilence() {
            Response r = dash("POST", "/api/v1/silences").cookie(nationalSession).json(silenceBody("X", null)).send();
            assertThat(r.status()).as(r.text()).isEqualTo(201);
            try {
                return Json.MAPPER.readTree(r.body()).get("id").asText();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        /**
         * One name's 100 silences in force, written to the topic as other instances would, then its 101st through the
         * open dashboard once that has read them: 409.
         */
        Response silenceOverTheCap() {
            Topic<String, vn.election.model.alert.AlertSilence> topic = Topics.ALERT_SILENCES.withPrefix(prefix);
            java.time.Instant now = java.time.Instant.now();
            try (KafkaProducer<String, vn.election.model.alert.AlertSilence> producer = new KafkaProducer<>(Map.of(
                    "bootstrap.servers", SharedKafka.bootstrapServers()), topic.keySerializer(), topic.valueSerializer())) {
                for (int i = 0; i < vn.election.dashboard.state.SilenceBook.MAX_UNENDED_PER_CREATOR; i++) {
                    producer.send(new ProducerRecord<>(topic.name(), "cap-" + i, new vn.election.model.alert.AlertSilence(
                            "cap-" + i, "X-1", null, null, null, now.plusSeconds(3600), null, "cap-test", now, false, null, null)));
                }
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> at(Server.DASHBOARD_OPEN, "GET", "/api/v1/silences").send().text()
                    .split("\"cap-test\"", -1).length > vn.election.dashboard.state.SilenceBook.MAX_UNENDED_PER_CREATOR);
            return at(Server.DASHBOARD_OPEN, "POST", "/api/v1/silences").from("127.0.0.7").json(silenceBody("X-1", "cap-test")).send();
        }

        /** Silence changes from one address of the open dashboard until one is refused for the rate; that answer. */
        Response overTheSilenceRate(String method, String target, String address) {
            Response last = null;
            // The bucket refills one write a second: on a loaded machine 61 requests can take longer than a
            // second, so go on until the refusal (each request is a cheap 400 until then).
            for (int i = 0; i <= 1_000; i++) {
                last = at(Server.DASHBOARD_OPEN, method, target).from(address).json("{}").send();
                if (last.status() == 429) {
                    return last;
                }
            }
            return last;
        }

        private static int freePort() throws IOException {
            try (ServerSocket s = new ServerSocket(0)) {
                return s.getLocalPort();
            }
        }

        private static String session(Response login) {
            assertThat(login.status()).as(login.text()).isEqualTo(200);
            String cookie = login.header("set-cookie");
            return cookie.substring(cookie.indexOf('=') + 1, cookie.indexOf(';'));
        }

        Request at(Server server, String method, String target) {
            return new Request(headMethod != null ? headMethod : method, ports.get(server), target);
        }

        Request ingest(String method, String target) {
            return at(Server.INGEST, method, target);
        }

        Request dash(String method, String target) {
            return at(Server.DASHBOARD, method, target);
        }

        Response login(Server server, String name, String password, String from) {
            return at(server, "POST", "/api/v1/login").from(from).json(loginBody(name, password)).send();
        }

        /**
         * The small pool's two threads each taken by a slow (cost 12) check from its own address, a third
         * login from a third address finds no thread and no queue place: 503 at once. Tried a few times,
         * since the first two checks may end before the third arrives on a fast machine.
         */
        Response loginPoolFull() {
            Response last = null;
            for (int attempt = 0; attempt < 5; attempt++) {
                CompletableFuture<Response> a = CompletableFuture.supplyAsync(() -> login(Server.DASHBOARD_SMALL_POOL, "slow-ops", "wrong " + 1, "127.0.0.2"));
                CompletableFuture<Response> b = CompletableFuture.supplyAsync(() -> login(Server.DASHBOARD_SMALL_POOL, "slow-ops", "wrong " + 2, "127.0.0.3"));
                try {
                    Thread.sleep(100);   // both checks on their threads (a cost-12 check takes a quarter of a second or more)
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                last = login(Server.DASHBOARD_SMALL_POOL, "slow-ops", "wrong 3", "127.0.0." + (4 + attempt));
                a.join();
                b.join();
                if (last.status() == 503) {
                    return last;
                }
            }
            return last;
        }

        /** Sends {@code request(n)} for n = 1, 2, … until the answer is {@code status} (at most 50 times). */
        Response untilStatus(int status, Function<Integer, Request> request) {
            Response last = null;
            for (int n = 1; n <= 50; n++) {
                last = request.apply(n).send();
                if (last.status() == status) {
                    return last;
                }
            }
            return last;
        }

        String reading(String station, long seq, long voted) {
            return Json.MAPPER.createObjectNode().put("station_id", station).put("seq", seq)
                    .put("observed_at", observedAt()).put("voted", voted).toString();
        }

        String batch(String station, long firstSeq, int n) {
            StringBuilder s = new StringBuilder("[");
            for (int k = 0; k < n; k++) {
                s.append(k == 0 ? "" : ",").append(reading(station, firstSeq + k, firstSeq + k));
            }
            return s.append(']').toString();
        }

        String csv(String station, long seq, long voted) {
            return "station_id,source,seq,observed_at,voted\n" + station + ",main," + seq + "," + observedAt() + "," + voted + "\n";
        }

        String csvRows(String station, long firstSeq, int n) {
            StringBuilder s = new StringBuilder("station_id,source,seq,observed_at,voted\n");
            for (int k = 0; k < n; k++) {
                s.append(station).append(",main,").append(firstSeq + k).append(',').append(observedAt()).append(',')
                        .append(Math.abs(firstSeq + k)).append('\n');
            }
            return s.toString();
        }

        private static String observedAt() {
            return OffsetDateTime.now(ZoneOffset.ofHours(7)).minusMinutes(1).truncatedTo(ChronoUnit.SECONDS).toString();
        }

        @Override
        public void close() {
            for (int k = running.size() - 1; k >= 0; k--) {
                try {
                    running.get(k).close();
                } catch (Exception e) {
                    System.err.println("closing: " + e);
                }
            }
        }
    }
}
