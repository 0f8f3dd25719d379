package vn.election.dashboard;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.function.Supplier;

/** The instance's Micrometer registry and its meters: websocket frames, unit records, clients, catch-up; scraped as Prometheus text. */
final class DashboardMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    final Counter snapshotFrames = frames("snapshot");
    final Counter updateFrames = frames("update");
    final Counter heartbeatFrames = frames("heartbeat");
    final Counter errorFrames = frames("error");
    final Counter framesSkipped = Counter.builder("dashboard.ws.frames.skipped")
            .description("Ticks on which a client had news but its write queue was full, so it was skipped")
            .register(registry);

    final Counter recordsApplied = records("applied");
    final Counter recordsStale = records("stale");
    final Counter recordsInvalid = records("invalid");
    final Counter recordsUnknownUnit = records("unknown_unit");

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

    String scrape() {
        return registry.scrape();
    }

    void close() {
        registry.close();
    }

    private Counter frames(String type) {
        return Counter.builder("dashboard.ws.frames.sent").tag("type", type)
                .description("Websocket frames sent to clients").register(registry);
    }

    private Counter records(String outcome) {
        return Counter.builder("dashboard.units.records").tag("outcome", outcome)
                .description("Records read from the units topic, by what was done with them").register(registry);
    }
}
