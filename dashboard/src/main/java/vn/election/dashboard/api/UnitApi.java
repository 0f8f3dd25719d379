package vn.election.dashboard.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import vn.election.dashboard.DashboardConfig;
import vn.election.dashboard.auth.RequestAccess;
import vn.election.dashboard.auth.Scope;
import vn.election.dashboard.report.ReportApi;
import vn.election.dashboard.report.ReportBuilder;
import vn.election.dashboard.report.ReportTime;
import vn.election.dashboard.report.UnitAsOf;
import vn.election.dashboard.state.AreaIndex;
import vn.election.dashboard.state.CompletionTimes;
import vn.election.dashboard.state.HistoryStore;
import vn.election.dashboard.state.UnitStore;
import vn.election.dashboard.web.JsonReply;
import vn.election.dashboard.web.TileLayout;
import vn.election.model.json.Json;
import vn.election.model.registry.Registry;
import vn.election.model.unit.UnitSnapshot;
import vn.election.model.unit.UnitSnapshotCodec;

/**
 * The read API: a unit's figures, its children's figures, its curve, the distribution and the list of
 * its polling areas, and the page's metadata (levels, root, target, zone, tile map), all answered
 * from the dashboard's stores.
 */
public final class UnitApi {

    /** The hours real systems publish turnout at (ECI: 9, 11, 13, 15, 17 h), marked on every curve. */
    static final List<String> CHECKPOINTS = List.of("09:00", "11:00", "13:00", "15:00", "17:00");
    static final String CLOSES = "19:00";

    private final UnitStore store;
    private final HistoryStore history;
    private final AreaIndex areas;
    private final AreaQuery areaQuery;
    private final DashboardConfig config;
    private final ObjectNode tiles;
    /** Per scope unit: computed on the first request of a login of that unit. */
    private final Map<String, ObjectNode> scopedTiles = new ConcurrentHashMap<>();
    private final Map<String, Long> subtreeSizes = new ConcurrentHashMap<>();
    private final ReportApi report;
    private final UnitAsOf asOf;

    public UnitApi(UnitStore store, HistoryStore history, AreaIndex areas, CompletionTimes completions,
                   DashboardConfig config) {
        this.store = store;
        this.history = history;
        this.areas = areas;
        this.areaQuery = new AreaQuery(store, areas, config.screen().lateAfter(), config.screen().zone(),
                config.screen().pollsOpen());
        this.config = config;
        this.tiles = tilesJson(TileLayout.forChildrenOf(store.registry()));
        ReportBuilder reports = new ReportBuilder(store, history::at, completions, config.screen().previousTerm(),
                config.screen().baseline(), config.screen().zone(), java.time.Clock.systemUTC());
        this.report = new ReportApi(reports, config.screen().zone());
        this.asOf = new UnitAsOf(reports, store.registry());
    }

    public void mount(Router router) {
        // The live figures on the event loop; with ?as_of= they are counted from curves and completion times, which
        // walks the subtree: on a worker.
        router.get("/api/v1/units/:id").handler(ctx -> liveOrNext(ctx, this::unit));
        router.get("/api/v1/units/:id").blockingHandler(this::unit, false);
        router.get("/api/v1/units/:id/children").handler(ctx -> liveOrNext(ctx, this::children));
        router.get("/api/v1/units/:id/children").blockingHandler(this::children, false);
        router.get("/api/v1/units/:id/history").handler(this::history);
        router.get("/api/v1/units/:id/histogram").handler(this::histogram);
        // Sorting 80,000 areas takes tens of milliseconds: off the event loop.
        router.get("/api/v1/units/:id/areas").blockingHandler(this::areas, false);
        // Counting a national subtree's completion times walks every unit: off the event loop too.
        router.get(ReportApi.PATH).blockingHandler(ctx -> {
            String id = allowedUnit(ctx);
            if (id != null) {
                report.answer(ctx, id);
            }
        }, false);
        router.get("/api/v1/meta").handler(this::meta);
    }

    private void history(RoutingContext ctx) {
        String id = allowedUnit(ctx);
        if (id == null) {
            return;
        }
        LocalDate day;
        try {
            String raw = Params.text(ctx, "day");
            day = raw == null ? null : LocalDate.parse(raw);
        } catch (DateTimeParseException e) {
            JsonReply.error(ctx, 400, "day must be a date YYYY-MM-DD, got '" + Params.shown(ctx.queryParams().get("day")) + "'");
            return;
        }
        ObjectNode o = history.toJson(id, day);
        o.set("target", config.screen().targetCurve().toJson());
        o.set("baseline", config.screen().baseline().toJson(store.registry(), id).orElse(null));
        JsonReply.send(ctx, 200, o);
    }

    private void histogram(RoutingContext ctx) {
        String id = allowedUnit(ctx);
        if (id == null) {
            return;
        }
        JsonReply.send(ctx, 200, TurnoutHistogram.of(store, areas, id));
    }

    private void areas(RoutingContext ctx) {
        String id = allowedUnit(ctx);
        if (id == null) {
            return;
        }
        ObjectNode answer;
        try {
            AreaQuery.Filter filter = AreaQuery.choice(AreaQuery.Filter.class, Params.text(ctx, "filter"),
                    AreaQuery.Filter.ALL, "filter");
            AreaQuery.Sort sort = AreaQuery.choice(AreaQuery.Sort.class, Params.text(ctx, "sort"),
                    AreaQuery.Sort.TURNOUT_PCT, "sort");
            String order = Params.text(ctx, "order");
            if (order != null && !order.equals("asc") && !order.equals("desc")) {
                throw new IllegalArgumentException("order must be asc or desc, got '" + Params.shown(order) + "'");
            }
            int offset = Params.intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
            int limit = Params.intParam(ctx, "limit", AreaQuery.DEFAULT_LIMIT, 1, AreaQuery.MAX_LIMIT);
            answer = areaQuery.answer(id, filter, sort, "desc".equals(order), offset, limit);
        } catch (IllegalArgumentException e) {
            JsonReply.error(ctx, 400, e.getMessage());
            return;
        }
        JsonReply.send(ctx, 200, answer);
    }

    private static ObjectNode tilesJson(TileLayout layout) {
        ObjectNode t = Json.MAPPER.createObjectNode();
        t.put("layout", layout.name());
        t.put("rows", layout.rows());
        t.put("cols", layout.cols());
        ObjectNode positions = t.putObject("positions");
        layout.positions().forEach((id, rc) -> positions.putArray(id).add(rc[0]).add(rc[1]));
        return t;
    }

    private void unit(RoutingContext ctx) {
        String id = allowedUnit(ctx);
        if (id == null) {
            return;
        }
        ReportTime at = asOfParam(ctx);
        if (at == NO_TIME) {
            return;
        }
        try {
            JsonReply.send(ctx, 200, at == null ? UnitSnapshotCodec.toNode(store.find(id).get()) : asOf.of(id, at));
        } catch (IllegalArgumentException e) {
            JsonReply.error(ctx, 400, e.getMessage());
        }
    }

    private static void liveOrNext(RoutingContext ctx, io.vertx.core.Handler<RoutingContext> live) {
        if (ctx.queryParams().contains("as_of")) {
            ctx.next();
        } else {
            live.handle(ctx);
        }
    }

    /** A refused {@code as_of}: the 400 is sent. */
    private static final ReportTime NO_TIME = new ReportTime(java.time.LocalTime.MIDNIGHT, null);

    /** {@code ?as_of=11:00} (or a date-time) as a time, null when absent; answers 400 naming it when bad. */
    private ReportTime asOfParam(RoutingContext ctx) {
        String raw = Params.text(ctx, "as_of");
        if (raw == null) {
            return null;
        }
        try {
            return ReportTime.parse(raw, config.screen().zone());
        } catch (IllegalArgumentException e) {
            JsonReply.error(ctx, 400, "as_of: " + e.getMessage());
            return NO_TIME;
        }
    }

    private void children(RoutingContext ctx) {
        String id = allowedUnit(ctx);
        if (id == null) {
            return;
        }
        ReportTime at = asOfParam(ctx);
        if (at == NO_TIME) {
            return;
        }
        ArrayNode out = Json.MAPPER.createArrayNode();
        try {
            if (at == null) {
                store.children(id).forEach(c -> out.add(UnitSnapshotCodec.toNode(c)));
            } else {
                store.registry().children(id).forEach(c -> out.add(asOf.of(c, at)));
            }
        } catch (IllegalArgumentException e) {
            JsonReply.error(ctx, 400, e.getMessage());
            return;
        }
        JsonReply.send(ctx, 200, out);
    }

    /** What the page needs besides unit objects; documented in the module README. */
    private void meta(RoutingContext ctx) {
        Registry registry = store.registry();
        Scope scope = RequestAccess.scope(ctx);
        ObjectNode o = Json.MAPPER.createObjectNode();
        // A provincial login's page starts at its province: that is its root.
        o.put("root", scope.unitId());
        ArrayNode levels = o.putArray("levels");
        registry.levels().forEach(levels::add);
        o.put("leaf_level", Registry.LEAF_LEVEL);
        o.put("target_pct", config.targetPct());
        // Units with a target of their own; the page gives every other unit its nearest ancestor's, else target_pct.
        ObjectNode targets = o.putObject("targets");
        config.screen().targets().own().forEach((unit, pct) -> {
            if (scope.national() || registry.isWithin(unit, scope.unitId()) || registry.isWithin(scope.unitId(), unit)) {
                targets.put(unit, pct);
            }
        });
        o.put("push_interval_ms", config.pushInterval().toMillis());
        o.put("units", scope.national() ? registry.size() : subtreeSizes.computeIfAbsent(scope.unitId(), this::subtreeSize));
        o.put("polling_areas", scope.national() ? areas.areas() : registry.descendantsAt(scope.unitId(), registry.leafDepth()));
        o.put("zone", config.screen().zone().getId());
        ArrayNode checkpoints = o.putArray("checkpoints");
        CHECKPOINTS.forEach(checkpoints::add);
        o.putObject("voting").put("opens", config.screen().pollsOpen().toString()).put("closes", CLOSES);
        o.put("late_after_minutes", config.screen().lateAfter().toMinutes());
        o.set("tiles", scope.national() ? tiles
                : scopedTiles.computeIfAbsent(scope.unitId(), id -> tilesJson(TileLayout.gridOfChildren(registry, id))));
        JsonReply.send(ctx, 200, o);
    }

    private long subtreeSize(String unitId) {
        long n = 0;
        for (vn.election.model.registry.Unit u : store.registry().units()) {
            if (store.registry().isWithin(u.id(), unitId)) {
                n++;
            }
        }
        return n;
    }

    /** The unit of the path when it exists and the session may see it; otherwise answers 404 or 403 and gives null. */
    private String allowedUnit(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        if (store.find(id).isEmpty()) {
            notFound(ctx, id);
            return null;
        }
        return ScopeCheck.refused(ctx, id) ? null : id;
    }

    private static void notFound(RoutingContext ctx, String id) {
        String shown = id == null ? "" : id.length() > 80 ? id.substring(0, 80) + "..." : id;
        JsonReply.error(ctx, 404, "no unit '" + shown + "' in the registry");
    }
}
