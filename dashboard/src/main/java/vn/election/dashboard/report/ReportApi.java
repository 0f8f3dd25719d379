package vn.election.dashboard.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.vertx.ext.web.RoutingContext;
import java.time.ZoneId;
import vn.election.model.json.Json;

/**
 * {@code GET /api/v1/units/{id}/report[?at=17:00][&format=json|csv]}: reads the parameters, answers the
 * report as JSON or CSV, or 400 {@code {"error"}} naming the parameter. The unit's existence (404) and
 * the login's scope (403) are checked by the caller, like every unit route.
 */
public final class ReportApi {

    public static final String PATH = "/api/v1/units/:id/report";
    private static final ObjectWriter WRITER = Json.MAPPER.writer().with(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    private final ReportBuilder reports;
    private final ZoneId zone;

    public ReportApi(ReportBuilder reports, ZoneId zone) {
        this.reports = reports;
        this.zone = zone;
    }

    /** Answers the report of {@code unitId}, a registry unit the request may see. */
    public void answer(RoutingContext ctx, String unitId) {
        String format = param(ctx, "format");
        if (format != null && !format.equals("json") && !format.equals("csv")) {
            error(ctx, 400, "format must be json or csv, got '" + ReportTime.shown(format) + "'");
            return;
        }
        String at = param(ctx, "at");
        TurnoutReport report;
        try {
            report = at == null ? reports.now(unitId) : reports.at(unitId, ReportTime.parse(at, zone));
        } catch (IllegalArgumentException e) {
            error(ctx, 400, e.getMessage());
            return;
        }
        if ("csv".equals(format)) {
            ctx.response().setStatusCode(200)
                    .putHeader("Content-Type", "text/csv; charset=utf-8; header=present")
                    .putHeader("Cache-Control", "no-store")
                    .end(ReportCsv.of(report));
            return;
        }
        send(ctx, 200, ReportJson.of(report));
    }

    /** The parameter's text, or null when absent or blank; a parameter given twice counts as its first value. */
    private static String param(RoutingContext ctx, String name) {
        String raw = ctx.queryParams().get(name);
        return raw == null || raw.isBlank() ? null : raw.strip();
    }

    private static void error(RoutingContext ctx, int status, String message) {
        send(ctx, status, Json.MAPPER.createObjectNode().put("error", message));
    }

    private static void send(RoutingContext ctx, int status, JsonNode body) {
        String text;
        try {
            text = WRITER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
        ctx.response().setStatusCode(status)
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .putHeader("Cache-Control", "no-store")
                .end(text);
    }
}
