package vn.election.ingest;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the readings topic can take writes: asks the broker to describe the topic every few
 * seconds on a worker thread, and hears about failed sends in between; answers {@link #status()}.
 */
final class KafkaHealthProbe {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaHealthProbe.class);
    private static final int CHECK_TIMEOUT_MS = 3000;

    /** UP or DOWN, and why it is down. */
    record Status(boolean up, String reason) {
        static final Status UP = new Status(true, null);
    }

    private final Vertx vertx;
    private final Admin admin;
    private final String topic;
    private final String bootstrapServers;
    private final AtomicBoolean checking = new AtomicBoolean();
    private static final Status NOT_CHECKED = new Status(false, "not checked yet");
    private volatile Status status = NOT_CHECKED;
    private volatile long timerId = -1;
    private volatile long lastCheckNanos = System.nanoTime();
    static final long DOWN_RECHECK_MS = 1000;

    KafkaHealthProbe(Vertx vertx, Admin admin, String topic, String bootstrapServers) {
        this.vertx = vertx;
        this.admin = admin;
        this.topic = topic;
        this.bootstrapServers = bootstrapServers;
    }

    Status status() {
        return status;
    }

    /** Checks now, unless a check is already running; completes with the status either way. */
    Future<Status> checkNow() {
        if (!checking.compareAndSet(false, true)) {
            return Future.succeededFuture(status);
        }
        // Not ordered: a slow check must not queue behind, or ahead of, other blocking work of the context.
        return vertx.executeBlocking(this::probe, false).andThen(ar -> checking.set(false));
    }

    /**
     * Re-checks every {@code interval} from now on while UP, and every {@value #DOWN_RECHECK_MS} ms
     * while DOWN, so ingest takes readings again within about a second of Kafka coming back.
     */
    void start(Duration interval) {
        long tick = Math.min(DOWN_RECHECK_MS, interval.toMillis());
        timerId = vertx.setPeriodic(tick, id -> {
            if (!status.up() || System.nanoTime() - lastCheckNanos >= interval.toNanos() - tick * 500_000L) {
                checkNow();
            }
        });
    }

    /** A send failed: report DOWN until the next check proves the broker reachable again. */
    void sendFailed(Throwable failure) {
        status = new Status(false, "a send failed: " + failure.getMessage());
    }

    void stop() {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }

    private Status probe() {
        lastCheckNanos = System.nanoTime();
        Status next;
        try {
            admin.describeTopics(List.of(topic), new DescribeTopicsOptions().timeoutMs(CHECK_TIMEOUT_MS))
                    .allTopicNames().get(CHECK_TIMEOUT_MS + 1000L, TimeUnit.MILLISECONDS);
            next = Status.UP;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            next = new Status(false, cause instanceof UnknownTopicOrPartitionException
                    ? "topic " + topic + " does not exist on Kafka at " + bootstrapServers
                    : cause instanceof org.apache.kafka.common.errors.TimeoutException
                            ? "no answer from Kafka at " + bootstrapServers + " within " + CHECK_TIMEOUT_MS + " ms"
                            : "Kafka at " + bootstrapServers + ": " + cause.getMessage());
        } catch (TimeoutException e) {
            next = new Status(false, "no answer from Kafka at " + bootstrapServers + " within " + CHECK_TIMEOUT_MS + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            next = new Status(false, "health check interrupted");
        }
        Status previous = status;
        status = next;
        // The first outcome is logged by the publisher's start; after that, only changes.
        if (previous != NOT_CHECKED && previous.up() != next.up()) {
            if (next.up()) {
                LOG.info("Kafka is reachable again; topic {} takes writes", topic);
            } else {
                LOG.warn("Kafka is not usable: {}", next.reason());
            }
        }
        return next;
    }
}
