package vn.election.dashboard.checkpoint;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import vn.election.dashboard.api.ScopeCheck;
import vn.election.dashboard.report.ReportBuilder;
import vn.election.dashboard.report.ReportTime;
import vn.election.dashboard.state.UnitStore;
import vn.election.dashboard.web.JsonReply;
import vn.election.model.checkpoint.CheckpointRecord;
import vn.election.model.json.Json;
import vn.election.model.registry.Registry;
import vn.election.model.registry.Unit;

/**
 * {@code GET /api/v1/units/{id}/checkpoints}: for each configured checkpoint of the election day, the unit's frozen
 * figures and, when a later correction changed them, the figures at that time as known now beside them; checkpoints
 * not frozen yet are pending. 404 for an id not in the registry, 403 outside the login's scope, like every unit route;
 * a polling area answers 200 with no checkpoints and a note (their curves are not kept, so nothing is frozen).
 */
public final class CheckpointApi {

    public static final String PATH = "/api/v1/units/:id/checkpoints";
    /** "Now" at a checkpoint walks the unit's subtree: a flood of requests reuses an answer this young. */
    private static final long NOW_FRESH_NANOS = 2_000_000_000L;
    private static final int NOW_CACHE_MAX = 20_000;
    private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    private final UnitStore units;
    private final Registry registry;
    private final ReportBuilder reports;
    private final CheckpointStore frozen;
    private final CheckpointConfig config;
    private final ZoneId zone;
    private final Clock wallClock;
    private final Map<String, Fresh> nowCache = new ConcurrentHashMap<>();

    private record Fresh(long nanos, CheckpointFigures figures) {
    }

    public CheckpointApi(UnitStore units, ReportBuilder reports, CheckpointStore frozen, CheckpointConfig config, ZoneId zone,
                         Clock wallClock) {
        this.units = units;
        this.registry = units.registry();
        this.reports = reports;
        this.frozen = frozen;
        this.config = config;
        this.zone = zone;
        this.wallClock = wallClock;
    }

    public void mount(Router router) {
        // "Now" at up to 24 checkpoints counts completion times over the subtree: off the event loop, like /report.
        router.get(PATH).blockingHandler(this::answer, false);
    }

    private void answer(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        Optional<Unit> unit = registry.find(id);
        if (unit.isEmpty()) {
            String shown = id == null ? "" : id.length() > 80 ? id.substring(0, 80) + "..." : id;
            JsonReply.error(ctx, 404, "no unit '" + shown + "' in the registry");
            return;
        }
        if (ScopeCheck.refused(ctx, id)) {
            return;
        }
        JsonReply.send(ctx, 200, table(unit.get()));
    }

    /** The checkpoint table of a registry unit. */
    ObjectNode table(Unit unit) {
        Long clockMillis = units.clockMillis();
        LocalDate day = clockMillis != null ? Instant.ofEpochMilli(clockMillis).atZone(zone).toLocalDate()
                : frozen.day().orElseGet(() -> LocalDate.now(wallClock.withZone(zone)));
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("unit_id", unit.id());
        o.put("name", unit.name());
        o.put("level", unit.level());
        o.put("day", day.toString());
        o.put("zone", zone.getId());
        o.put("grace_minutes", config.grace().toMinutes());
        o.put("data_clock", clockMillis == null ? null : ISO.format(Instant.ofEpochMilli(clockMillis).atZone(zone)));
        boolean kept = unit.depth() < registry.leafDepth();
        o.put("kept", kept);
        o.put("note", kept ? null : "a polling area's checkpoints are not kept: its curve is not, so there are no figures "
                + "of a past time to freeze; its commune's checkpoints count it");
        ArrayNode rows = o.putArray("checkpoints");
        if (!kept) {
            return o;
        }
        for (LocalTime t : config.times()) {
            rows.add(row(unit.id(), day.atTime(t)));
        }
        return o;
    }

    private ObjectNode row(String unitId, LocalDateTime checkpoint) {
        ObjectNode r = Json.MAPPER.createObjectNode();
        r.put("at", checkpoint.toLocalTime().toString());
        r.put("time", ISO.format(checkpoint.atZone(zone)));
        r.put("due", ISO.format(checkpoint.atZone(zone).plus(config.grace())));
        Optional<CheckpointRecord> record = frozen.get(unitId, checkpoint);
        if (record.isEmpty()) {
            r.put("state", "pending");
            r.putNull("frozen");
            r.putNull("now");
            r.put("changed", false);
            return r;
        }
        CheckpointRecord c = record.get();
        CheckpointFigures then = CheckpointFigures.of(c);
        CheckpointFigures now = nowAt(unitId, checkpoint);
        boolean changed = now.differsFrom(then);
        r.put("state", "frozen");
        ObjectNode f = then.toJson();
        f.put("frozen_at", c.frozenAt().toString());
        f.put("data_clock", c.dataClock() == null ? null : ISO.format(c.dataClock()));
        r.set("frozen", f);
        if (changed) {
            r.set("now", now.toJson());
        } else {
            r.putNull("now");
        }
        r.put("changed", changed);
        return r;
    }

    private CheckpointFigures nowAt(String unitId, LocalDateTime checkpoint) {
        String key = CheckpointRecord.key(unitId, checkpoint);
        long t = System.nanoTime();
        Fresh f = nowCache.get(key);
        if (f != null && t - f.nanos() < NOW_FRESH_NANOS) {
            return f.figures();
        }
        CheckpointFigures figures = CheckpointFigures.of(reports.at(unitId, new ReportTime(null, checkpoint.atZone(zone))));
        if (nowCache.size() >= NOW_CACHE_MAX) {
            nowCache.clear();   // crude but bounded: a flood over every unit cannot grow it
        }
        nowCache.put(key, new Fresh(t, figures));
        return figures;
    }
}
