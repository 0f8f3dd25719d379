package vn.election.delivery;

import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.election.edge.EdgeConfig;

/**
 * One running alert-delivery service: webhook delivery ({@link WebhookDelivery}) and its {@code /health}
 * and {@code /metrics} ({@link OpsVerticle}) on one Prometheus registry; in, the settings; out, what
 * {@link #close()} stops (the HTTP side first, then the delivery, which commits what was delivered).
 */
final class AlertDeliveryService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AlertDeliveryService.class);

    private final Vertx vertx;
    private final WebhookDelivery delivery;
    private final PrometheusMeterRegistry meters;
    private final int port;

    private AlertDeliveryService(Vertx vertx, WebhookDelivery delivery, PrometheusMeterRegistry meters, int port) {
        this.vertx = vertx;
        this.delivery = delivery;
        this.meters = meters;
        this.port = port;
    }

    /** Starts delivering and listening; on a failure stops what was started and rethrows. */
    static AlertDeliveryService start(DeliveryConfig config, OpsConfig ops, EdgeConfig edge) {
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(meters);
        new JvmThreadMetrics().bindTo(meters);
        new ProcessorMetrics().bindTo(meters);
        new UptimeMetrics().bindTo(meters);
        WebhookDelivery delivery = null;
        Vertx vertx = null;
        try {
            delivery = WebhookDelivery.start(config, meters);
            vertx = Vertx.vertx();
            OpsVerticle verticle = new OpsVerticle(ops, edge, delivery, meters);
            try {
                vertx.deployVerticle(verticle).await(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("cannot listen on " + ops.host() + ":" + ops.port() + ": " + e.getMessage(), e);
            }
            LOG.info("Alert delivery: /health and /metrics on {}:{}", ops.host(), verticle.port());
            return new AlertDeliveryService(vertx, delivery, meters, verticle.port());
        } catch (RuntimeException | Error e) {
            if (vertx != null) {
                vertx.close();
            }
            if (delivery != null) {
                delivery.close();
            }
            meters.close();
            throw e;
        }
    }

    /** The port /health and /metrics answer on. */
    int port() {
        return port;
    }

    WebhookDelivery delivery() {
        return delivery;
    }

    @Override
    public void close() throws Exception {
        try {
            vertx.close().await(10, TimeUnit.SECONDS);
        } finally {
            delivery.close();
            meters.close();
        }
    }
}
