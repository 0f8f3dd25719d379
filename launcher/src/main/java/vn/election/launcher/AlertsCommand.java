package vn.election.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import vn.election.delivery.WebhookVerificationException;
import vn.election.delivery.WebhookVerifier;
import vn.election.model.alert.Alert;
import vn.election.model.alert.AlertCodec;
import vn.election.model.json.Json;
import vn.election.model.topic.Topics;

/** {@code election-day alerts}: tools for alert consumers; {@code tail} prints alerts from Kafka or received as webhooks. */
@Command(name = "alerts", mixinStandardHelpOptions = true, description = "Tools for alert consumers.",
        subcommands = {AlertsCommand.Tail.class})
final class AlertsCommand implements Runnable {

    static final String SECRET_VARIABLE = "ELECTION_DAY_WEBHOOK_SECRET";

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "give a subcommand: tail");
    }

    /**
     * {@code election-day alerts tail}: a reference consumer. Without {@code --listen} it prints the alerts
     * topic from the beginning, one line per record; with it, it is a webhook receiver that verifies each
     * signature (401 on a bad one), deduplicates by webhook-id and prints each group.
     */
    @Command(name = "tail", mixinStandardHelpOptions = true, sortOptions = false,
            description = {
                "Print alerts: from Kafka (the turnout.alerts topic, from the beginning), or, with --listen, as a "
                        + "webhook receiver on 127.0.0.1:PORT that verifies Standard Webhooks signatures (401 on a bad "
                        + "one), prints each group notification, says 'duplicate' for a webhook-id already seen and "
                        + "answers 204.",
                ""},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:stopped after --limit", "1:Kafka or the port failed", "2:bad arguments"})
    static final class Tail implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--bootstrap", paramLabel = "HOST:PORT", defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS}",
                description = "Kafka to read from, as printed by 'election-day run' (default: the environment variable "
                        + "KAFKA_BOOTSTRAP_SERVERS). Not with --listen.")
        String bootstrap;

        @Option(names = {"--prefix", "--topic-prefix"}, paramLabel = "P", defaultValue = "",
                description = "Prefix of the topic names (default: none).")
        String prefix;

        @Option(names = "--listen", paramLabel = "PORT",
                description = "Be a webhook receiver on 127.0.0.1:PORT (0 picks a free port) instead of reading Kafka; "
                        + "point 'election-day run --webhook-url http://127.0.0.1:PORT/' at it.")
        Integer listen;

        @Option(names = "--webhook-secret", paramLabel = "SECRET", defaultValue = "${env:" + SECRET_VARIABLE + "}",
                description = "With --listen: the signing secret, whsec_<base64> or a raw string (default: the "
                        + "environment variable " + SECRET_VARIABLE + "; prefer it, an argument shows in the process list).")
        String secret;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "0",
                description = "Stop after N alerts (Kafka) or N accepted notifications (--listen); 0 runs until Ctrl-C "
                        + "(default: ${DEFAULT-VALUE}).")
        int limit;

        @Override
        public Integer call() throws Exception {
            if (limit < 0) {
                throw new ParameterException(spec.commandLine(), "--limit must be 0 or more, got " + limit);
            }
            if (listen != null) {
                if (listen < 0 || listen > 65535) {
                    throw new ParameterException(spec.commandLine(), "--listen must be 0..65535, got " + listen);
                }
                if (secret == null || secret.isEmpty()) {
                    throw new ParameterException(spec.commandLine(), "--listen needs --webhook-secret (or "
                            + SECRET_VARIABLE + ") to verify signatures");
                }
                WebhookVerifier verifier;
                try {
                    verifier = new WebhookVerifier(secret);
                } catch (IllegalArgumentException e) {
                    throw new ParameterException(spec.commandLine(), "--webhook-secret: " + e.getMessage());
                }
                return receive(verifier);
            }
            if (bootstrap == null || bootstrap.isBlank()) {
                throw new ParameterException(spec.commandLine(), "give --bootstrap HOST:PORT (the Kafka address "
                        + "'election-day run' prints) or --listen PORT");
            }
            return readKafka();
        }

        private Integer readKafka() {
            PrintWriter out = spec.commandLine().getOut();
            String topic = Topics.ALERTS.withPrefix(prefix).name();
            Map<String, Object> c = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                    ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                    ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000,
                    ConsumerConfig.CLIENT_ID_CONFIG, "alerts-tail");
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c, new StringDeserializer(),
                    new ByteArrayDeserializer())) {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(15));
                if (infos == null || infos.isEmpty()) {
                    throw new IllegalStateException("no topic " + topic + " at " + bootstrap);
                }
                List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                int printed = 0;
                while (limit == 0 || printed < limit) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                        if (r.value() == null) {
                            continue;
                        }
                        try {
                            out.println(line(Instant.ofEpochMilli(r.timestamp()), AlertCodec.decode(r.value())));
                        } catch (IllegalArgumentException e) {
                            out.println(Instant.ofEpochMilli(r.timestamp()) + "  (undecodable record: " + e.getMessage() + ")");
                        }
                        out.flush();
                        if (++printed == limit) {
                            break;
                        }
                    }
                }
                return 0;
            }
        }

        static String line(Instant at, Alert a) {
            return String.format("%s  %-10s %-8s %-30s %-24s %s", at, a.state().wire().toUpperCase(),
                    a.severity() == null ? "-" : a.severity(), a.kind(), a.unitId(), a.message() == null ? "" : a.message());
        }

        private Integer receive(WebhookVerifier verifier) throws IOException, InterruptedException {
            PrintWriter out = spec.commandLine().getOut();
            HttpServer server;
            try {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), listen), 0);
            } catch (BindException e) {
                throw new IllegalStateException("cannot listen on 127.0.0.1:" + listen + ": " + e.getMessage());
            }
            CountDownLatch done = new CountDownLatch(1);
            AtomicInteger accepted = new AtomicInteger();
            Map<String, Boolean> seen = new LinkedHashMap<>(16, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > 100_000;   // the ids of a long day, bounded
                }
            };
            server.createContext("/", exchange -> {
                try {
                    handle(exchange, verifier, seen, out, accepted, done);
                } catch (RuntimeException e) {
                    synchronized (out) {
                        out.println("error: " + e);
                        out.flush();
                    }
                    exchange.sendResponseHeaders(500, -1);
                } finally {
                    exchange.close();
                }
            });
            server.setExecutor(Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "alerts-tail-http");
                t.setDaemon(true);
                return t;
            }));
            server.start();
            synchronized (out) {
                out.println("Listening on http://127.0.0.1:" + server.getAddress().getPort() + "/ for signed alert webhooks");
                out.flush();
            }
            try {
                if (limit > 0) {
                    done.await();
                } else {
                    new CountDownLatch(1).await();   // until Ctrl-C
                }
            } finally {
                server.stop(0);
            }
            return 0;
        }

        private void handle(HttpExchange exchange, WebhookVerifier verifier, Map<String, Boolean> seen, PrintWriter out,
                            AtomicInteger accepted, CountDownLatch done) throws IOException {
            if (!exchange.getRequestMethod().equals("POST")) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(64 * 1024 * 1024);
            }
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            try {
                verifier.verify(id, exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                        exchange.getRequestHeaders().getFirst("webhook-signature"), body, Instant.now());
            } catch (WebhookVerificationException e) {
                synchronized (out) {
                    out.println(Instant.now() + "  rejected " + id + ": " + e.getMessage());
                    out.flush();
                }
                byte[] reason = e.getMessage().getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(401, reason.length);
                exchange.getResponseBody().write(reason);
                return;
            }
            boolean duplicate;
            synchronized (seen) {
                duplicate = seen.put(id, Boolean.TRUE) != null;
            }
            synchronized (out) {
                if (duplicate) {
                    out.println(Instant.now() + "  duplicate " + id);
                } else {
                    printGroup(out, id, body);
                }
                out.flush();
            }
            exchange.sendResponseHeaders(204, -1);
            if (!duplicate && limit > 0 && accepted.incrementAndGet() >= limit) {
                done.countDown();
            }
        }

        private static void printGroup(PrintWriter out, String id, byte[] body) {
            JsonNode g;
            try {
                g = Json.MAPPER.readTree(body);
            } catch (IOException e) {
                out.println(Instant.now() + "  " + id + "  (not JSON: " + e.getMessage() + ")");
                return;
            }
            out.println(String.format("%s  %s  %s %s at %s (%s): %d alert(s)%s", Instant.now(), id,
                    g.path("state").asText("?").toUpperCase(), g.path("kind").asText("?"), g.path("unit_id").asText("?"),
                    g.path("unit_name").asText(""), g.path("count").asInt(),
                    g.path("repeat").asInt() > 0 ? ", reminder " + g.path("repeat").asInt() : ""));
            int shown = 0;
            for (JsonNode a : g.path("alerts")) {
                if (shown++ == 20) {
                    out.println("    ... and " + (g.path("alerts").size() - 20) + " more");
                    break;
                }
                out.println(String.format("    %-8s %-24s %-30s %s: %s", a.path("severity").asText("-"),
                        a.path("unit_id").asText(), a.path("unit_name").asText(""), a.path("started_at").asText(""),
                        a.path("message").asText("")));
            }
        }
    }

    /** For {@code --help} listings: the command line of this command alone. */
    static CommandLine commandLine() {
        return new CommandLine(new AlertsCommand());
    }
}
