package vn.election.dashboard.web;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;

/** Serves the wall-screen page's files (HTML, CSS, ES modules) from the jar's {@code webroot}. */
public final class PageFiles {

    private PageFiles() {
    }

    /** Mounts the page on every GET no earlier route answered; mount it after the API routes. */
    public static void mount(Router router) {
        router.get().handler(ctx -> {
            // Wall screens run for days: after a redeploy they must pick up the new page on reload.
            ctx.response().putHeader("Cache-Control", "no-cache");
            ctx.next();
        });
        router.get().handler(StaticHandler.create("webroot").setCachingEnabled(false).setDirectoryListing(false));
    }
}
