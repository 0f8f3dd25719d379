package vn.election.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The meters of webhook delivery on a given Micrometer registry: alert records read by outcome,
 * notifications sent, attempts, failures by reason, silenced alerts, records pending delivery and the
 * time from an alert record to the first attempt of its notification.
 */
final class DeliveryMetrics {

    private final MeterRegistry registry;
    private final Map<String, Counter> read = new ConcurrentHashMap<>();
    private final Map<String, Counter> failures = new ConcurrentHashMap<>();
    final Counter sent;
    final Counter attempts;
    final Counter silenced;
    final Counter unrouted;
    final Timer firstAttemptLatency;

    DeliveryMetrics(MeterRegistry registry) {
        this.registry = registry;
        sent = Counter.builder("dashboard.webhooks.notifications.sent")
                .description("Group notifications delivered (every receiver answered 2xx)").register(registry);
        attempts = Counter.builder("dashboard.webhooks.attempts")
                .description("HTTP requests made to webhook receivers").register(registry);
        silenced = Counter.builder("dashboard.webhooks.silenced")
                .description("Alert records not delivered because a silence muted them").register(registry);
        unrouted = Counter.builder("dashboard.webhooks.unrouted")
                .description("Group notifications no receiver's route matched, dropped").register(registry);
        firstAttemptLatency = Timer.builder("dashboard.webhooks.first.attempt.latency")
                .description("From the Kafka timestamp of the oldest alert record of a notification to its first attempt")
                .register(registry);
    }

    /** Counts one alert record read, by outcome: deliver, restore, silenced, pending, invalid. */
    void read(String outcome) {
        read.computeIfAbsent(outcome, o -> Counter.builder("dashboard.webhooks.alerts.read").tag("outcome", o)
                .description("Alert records read from the alerts topic, by what was done with them")
                .register(registry)).increment();
    }

    /** Counts one failed request, by reason: status_4xx, status_5xx, timeout, error. */
    void failure(String reason) {
        failures.computeIfAbsent(reason, r -> Counter.builder("dashboard.webhooks.failures").tag("reason", r)
                .description("Webhook requests that did not get a 2xx, by reason").register(registry)).increment();
    }

    void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(name, value).description(description).strongReference(true).register(registry);
    }

    void latency(Duration d) {
        firstAttemptLatency.record(d);
    }

    double readCount(String outcome) {
        Counter c = read.get(outcome);
        return c == null ? 0 : c.count();
    }
}
