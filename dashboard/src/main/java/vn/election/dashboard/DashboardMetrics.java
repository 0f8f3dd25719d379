package vn.election.dashboard;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.function.Supplier;

/** The instance's Micrometer registry and its meters: websocket frames, records read, clients, catch-up; scraped as Prometheus text. */
public final class DashboardMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    public final Counter snapshotFrames = frames("snapshot");
    public final Counter updateFrames = frames("update");
    public final Counter heartbeatFrames = frames("heartbeat");
    public final Counter errorFrames = frames("error");
    public final Counter framesSkipped = Counter.builder("dashboard.ws.frames.skipped")
            .description("Ticks on which a client had news but its write queue was full, so it was skipped")
            .register(registry);

    public final Counter alertFrames = frames("alerts");
    public final Counter correctionFrames = frames("corrections");
    public final Counter clientsDropped = Counter.builder("dashboard.ws.clients.dropped")
            .description("Websocket clients closed because their write queue stayed full (not reading)")
            .register(registry);
    /** Prometheus buckets (le) of both latency histograms: from a millisecond to ten seconds. */
    static final java.time.Duration[] LATENCY_BUCKETS = java.util.stream.LongStream
            .of(1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000)
            .mapToObj(java.time.Duration::ofMillis).toArray(java.time.Duration[]::new);

    /**
     * Per push tick that had unit changes and clients: from the first of those changes read from Kafka (the
     * one that waited longest) to the end of the tick that queued its frames to every client.
     */
    public final Timer pushLatency = Timer.builder("dashboard.ws.push.latency")
            .description("From the earliest unit update of a push tick read from Kafka to its frames queued to every websocket client")
            .serviceLevelObjectives(LATENCY_BUCKETS)
            .register(registry);

    private final java.util.Map<String, Counter> feedRecords = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Map<String, Timer> requests = new java.util.concurrent.ConcurrentHashMap<>();

    DashboardMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** Registers a gauge that holds its source strongly (the default weak reference would let it vanish). */
    void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(name, value).description(description).strongReference(true).register(registry);
    }

    /** The registry itself, so a component started beside the dashboard (webhook delivery) shows on its /metrics. */
    io.micrometer.core.instrument.MeterRegistry registry() {
        return registry;
    }

    public String scrape() {
        return registry.scrape();
    }

    void close() {
        registry.close();
    }

    private Counter frames(String type) {
        return Counter.builder("dashboard.ws.frames.sent").tag("type", type)
                .description("Websocket frames sent to clients").register(registry);
    }

    /** Counts one record read from a followed topic, by what was done with it. */
    public void feedRecord(String topic, String outcome) {
        feedRecords.computeIfAbsent(topic + '/' + outcome, k -> Counter.builder("dashboard.feed.records")
                .tag("topic", topic).tag("outcome", outcome)
                .description("Records read from the followed topics, by topic and by what was done with them")
                .register(registry)).increment();
    }

    /** Records one HTTP request's time, by method, route (the route's pattern, never the raw path) and status. */
    public void request(String method, String route, int status, long nanos) {
        requests.computeIfAbsent(method + ' ' + route + ' ' + status, k -> Timer.builder("dashboard.http.requests")
                .tag("method", method).tag("route", route).tag("status", Integer.toString(status))
                .description("HTTP requests from their first handler to the end of the answer")
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry)).record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /** The count so far of {@link #feedRecord(String, String)}; for tests. */
    double feedRecords(String topic, String outcome) {
        Counter c = feedRecords.get(topic + '/' + outcome);
        return c == null ? 0 : c.count();
    }
}
