package vn.election.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** The gateway's Prometheus meters: requests by status, readings accepted, publish latency, shedding, in-flight work; and their scrape text. */
final class IngestMetrics {

    /** What {@link #scrape()} produces: the Prometheus text format. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

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

    void accepted(int readings) {
        accepted.increment(readings);
    }

    Timer.Sample startPublish() {
        return Timer.start(registry);
    }

    /** Stops the sample on the publish timer, tagged with whether Kafka acknowledged the batch. */
    void published(Timer.Sample sample, boolean acknowledged) {
        sample.stop(Timer.builder("ingest.publish.latency")
                .description("From handing a batch to the producer until Kafka acknowledged (or refused) all of it")
                .tag("outcome", acknowledged ? "acknowledged" : "failed").register(registry));
    }

    String scrape() {
        return registry.scrape();
    }
}
