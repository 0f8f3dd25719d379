package vn.election.edge;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Supplier;

/** Answers {@code GET /metrics} with a registry's Prometheus text, scraped off the event loop (it walks every meter). */
public final class MetricsScrape implements Handler<RoutingContext> {

    /** The Prometheus text format's content type. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final Supplier<String> scrape;

    public MetricsScrape(Supplier<String> scrape) {
        this.scrape = scrape;
    }

    @Override
    public void handle(RoutingContext ctx) {
        ctx.vertx().executeBlocking(scrape::get, false).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
                return;
            }
            ctx.response().putHeader("Content-Type", CONTENT_TYPE).putHeader("Cache-Control", "no-store").end(ar.result());
        });
    }
}
