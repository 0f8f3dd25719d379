package vn.election.dashboard.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.ext.web.RoutingContext;
import vn.election.model.json.Json;

/** Writes JSON answers and JSON errors ({@code {"error": "..."}}) for the REST routes. */
public final class JsonReply {

    private JsonReply() {
    }

    public static void send(RoutingContext ctx, int status, JsonNode body) {
        ctx.response().setStatusCode(status)
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .putHeader("Cache-Control", "no-store")
                .end(JsonText.of(body));
    }

    public static void error(RoutingContext ctx, int status, String message) {
        send(ctx, status, Json.MAPPER.createObjectNode().put("error", message));
    }

    /**
     * A 429 or 503 with {@code Retry-After}: {@code {"error", "code", "retry_after_seconds"}}, the code a stable
     * name the page turns into its own words in either language (the error text is English, for logs and curl).
     */
    public static void tryLater(RoutingContext ctx, int status, String code, long seconds, String message) {
        ctx.response().putHeader("Retry-After", Long.toString(seconds));
        send(ctx, status, Json.MAPPER.createObjectNode().put("error", message).put("code", code)
                .put("retry_after_seconds", seconds));
    }
}
