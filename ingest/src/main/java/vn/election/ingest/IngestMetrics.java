package vn.election.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * The gateway's Prometheus meters: requests by status, request and publish latency histograms,
 * readings accepted, shedding, in-flight work; and their scrape text.
 */
final class IngestMetrics {

    /** What {@link #scrape()} produces: the Prometheus text format. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    /**
     * Histogram buckets for latencies, from a health check (milliseconds) to the slowest answer a
     * publish can take (max.block.ms + delivery.timeout.ms = 20 s); explicit, so a few series per
     * route rather than the ~70 of a percentile histogram.
     */
    static final Duration[] LATENCY_BUCKETS = Stream.of(1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 20_000)
            .map(Duration::ofMillis).toArray(Duration[]::new);
    /** The routes a latency is filed under; any other path is "other", so no client can add series at will. */
    private static final List<String> ROUTES = List.of(ReadingsHandler.PATH, ReadingsHandler.CSV_PATH,
            ScopeHandler.PATH, "/health", "/metrics");

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter accepted = Counter.builder("ingest.readings.accepted")
            .description("Readings acknowledged by Kafka and answered 202").register(registry);

    /** Counts one answered POST /api/v1/readings. */
    void answered(int status) {
        // Micrometer returns the existing counter for the same name and tags.
        Counter.builder("ingest.requests").description("POST /api/v1/readings requests by HTTP status")
                .tag("status", String.valueOf(status)).register(registry).increment();
    }

    /**
     * Counts one request shed with 429, by why: {@code rate}, {@code in_flight}, {@code bytes} (the
     * whole body budget), {@code token_bytes} or {@code token_bodies} (the token's share).
     */
    void shed(String reason) {
        Counter.builder("ingest.shed").description("Requests answered 429: over the token's rate or the in-flight budget")
                .tag("reason", reason).register(registry).increment();
    }

    /** Gauges of the in-flight budget: readings waiting for Kafka, body bytes held, bodies being received. */
    void watch(InFlightBudget budget, BodyBudget bodies) {
        io.micrometer.core.instrument.Gauge.builder("ingest.inflight.readings", budget, InFlightBudget::readingsInFlight)
                .description("Readings handed to Kafka and not yet acknowledged").register(registry);
        io.micrometer.core.instrument.Gauge.builder("ingest.inflight.bytes", budget, InFlightBudget::bytesInFlight)
                .description("Request body bytes received and held (being received, or waiting for an answer)")
                .register(registry);
        io.micrometer.core.instrument.Gauge.builder("ingest.inflight.bodies", bodies, BodyBudget::bodiesReceiving)
                .description("Request bodies being received now").register(registry);
    }

    /** Gauges and counters of the server's edge: connections open, refused over a cap, cut by a deadline, answered 421. */
    void watch(vn.election.edge.ConnectionGuard guard) {
        vn.election.edge.EdgeMeters.register(registry, "ingest", guard);
    }

    void accepted(int readings) {
        accepted.increment(readings);
    }

    Timer.Sample startRequest() {
        return Timer.start(registry);
    }

    /** Stops the sample on the request latency histogram, by route ({@link #route}) and status class ({@code 2xx}...). */
    void requestDone(Timer.Sample sample, String path, int status) {
        sample.stop(Timer.builder("ingest.request.latency")
                .description("From a request's arrival to the end of its answer, by route and status class")
                .tag("route", route(path)).tag("status_class", status / 100 + "xx")
                .serviceLevelObjectives(LATENCY_BUCKETS).register(registry));
    }

    /** The route label of a path: one of the gateway's routes, {@code /report} for the form's files, else {@code other}. */
    static String route(String path) {
        if (path == null) {
            return "other";
        }
        if (ROUTES.contains(path)) {
            return path;
        }
        return path.equals("/report") || path.startsWith("/report/") ? "/report" : "other";
    }

    Timer.Sample startPublish() {
        return Timer.start(registry);
    }

    /** Stops the sample on the publish timer, tagged with whether Kafka acknowledged the batch. */
    void published(Timer.Sample sample, boolean acknowledged) {
        sample.stop(Timer.builder("ingest.publish.latency")
                .description("From handing a batch to the producer until Kafka acknowledged (or refused) all of it")
                .tag("outcome", acknowledged ? "acknowledged" : "failed")
                .serviceLevelObjectives(LATENCY_BUCKETS).register(registry));
    }

    String scrape() {
        return registry.scrape();
    }
}
