package vn.election.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.ext.web.RoutingContext;
import vn.election.model.json.Json;

/** Writes JSON answers and JSON errors ({@code {"error": "..."}}) for the REST routes. */
final class JsonReply {

    private JsonReply() {
    }

    static void send(RoutingContext ctx, int status, JsonNode body) {
        ctx.response().setStatusCode(status)
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .putHeader("Cache-Control", "no-store")
                .end(JsonText.of(body));
    }

    static void error(RoutingContext ctx, int status, String message) {
        send(ctx, status, Json.MAPPER.createObjectNode().put("error", message));
    }
}
