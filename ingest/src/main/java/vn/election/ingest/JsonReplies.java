package vn.election.ingest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import vn.election.model.json.Json;
import vn.election.model.reading.FieldError;

/** Writes JSON answers, errors in docs/contract.md's shape {@code {"errors": [{"index", "field", "message"}]}}. */
final class JsonReplies {

    static final String JSON = "application/json; charset=utf-8";

    private JsonReplies() {
    }

    /** Ends the response with {@code status} and the JSON body, unless it has already been answered. */
    static void send(RoutingContext ctx, int status, ObjectNode body) {
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.closed()) {
            return;
        }
        end(response.setStatusCode(status).putHeader("Content-Type", JSON), Buffer.buffer(body.toString()));
    }

    /**
     * Ends the response with {@code body}, its length said explicitly: for a HEAD request the server
     * leaves out the body and would leave out the length too, and HEAD must answer what GET would.
     */
    static void end(HttpServerResponse response, Buffer body) {
        response.putHeader("Content-Length", String.valueOf(body.length())).end(body);
    }

    /** {@code {"errors": [...]}} for the given errors. */
    static ObjectNode errors(List<FieldError> errors) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode list = body.putArray("errors");
        for (FieldError e : errors) {
            list.addObject().put("index", e.index()).put("field", e.field()).put("message", e.message());
        }
        return body;
    }

    /** One error not tied to an item of the batch (index -1). */
    static void error(RoutingContext ctx, int status, String field, String message) {
        send(ctx, status, errors(List.of(new FieldError(-1, field, message))));
    }
}
