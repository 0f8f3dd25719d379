package vn.election.dashboard.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import vn.election.dashboard.state.AreaIndex;
import vn.election.dashboard.state.UnitStore;
import vn.election.model.json.Json;
import vn.election.model.registry.Registry;
import vn.election.model.registry.Unit;
import vn.election.model.unit.UnitSnapshot;
import vn.election.model.unit.UnitSnapshotCodec;

/**
 * Answers "which polling areas below this unit, sorted and paged": all of them, the late ones (silent
 * for longer than the threshold, or never heard from), the silent or the never-reporting ones;
 * silence is measured against the data clock (the latest observation polling areas have reached,
 * {@link vn.election.dashboard.state.DataClock}), so replays and
 * simulations at any speed are judged the same way as a live day.
 */
final class AreaQuery {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 500;
    /** An area that has counted this share of its list is not expected to report more. */
    static final long NEARLY_COMPLETE_PCT = 95;

    /** Which areas to list. */
    enum Filter { ALL, LATE, SILENT, NEVER }

    /** The column to sort by. */
    enum Sort { NAME, TURNOUT_PCT, VOTED, REGISTERED, AS_OF, SILENT_MINUTES }

    /** One area with what the query computed about it. */
    private record Row(UnitSnapshot unit, boolean reported, Long silentMinutes) {
    }

    private final UnitStore store;
    private final AreaIndex index;
    private final Duration lateAfter;
    private final ZoneId zone;
    private final LocalTime pollsOpen;

    AreaQuery(UnitStore store, AreaIndex index, Duration lateAfter, ZoneId zone, LocalTime pollsOpen) {
        this.store = store;
        this.index = index;
        this.lateAfter = lateAfter;
        this.zone = zone;
        this.pollsOpen = pollsOpen;
    }

    /** Parses a query parameter into an enum constant, naming the choices when it is not one. */
    static <E extends Enum<E>> E choice(Class<E> type, String raw, E fallback, String param) {
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            return Enum.valueOf(type, raw.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            List<String> names = new ArrayList<>();
            for (E c : type.getEnumConstants()) {
                names.add(c.name().toLowerCase(Locale.ROOT));
            }
            throw new IllegalArgumentException(param + " must be one of " + String.join(", ", names) + ", got '"
                    + (raw.length() > 40 ? raw.substring(0, 40) + "..." : raw) + "'");
        }
    }

    ObjectNode answer(String unitId, Filter filter, Sort sort, boolean descending, int offset, int limit) {
        // Not the root's as_of (the latest observation anywhere): one reading with a wrong date would make every
        // other area look silent for as long as the date is off.
        Long clockMillis = store.clockMillis();
        OffsetDateTime clock = clockMillis == null ? null
                : java.time.Instant.ofEpochMilli(clockMillis).atZone(zone).toOffsetDateTime();
        // Polls open on the clock's day: silence counts from then, and before it nobody is late yet.
        OffsetDateTime opened = clock == null ? null : clock.toLocalDate().atTime(pollsOpen).atZone(zone).toOffsetDateTime();
        List<Row> rows = new ArrayList<>();
        // An area never heard from is late only once polls have been open for the late threshold.
        boolean neverIsLate = clock != null && !clock.isBefore(opened.plus(lateAfter));
        Predicate<Row> keep = keep(filter, neverIsLate);
        for (String id : index.areasOf(unitId)) {
            UnitSnapshot s = store.get(id);
            boolean reported = store.reported(id);
            Long silent = null;
            OffsetDateTime last = reported ? time(s.asOf()) : null;
            if (clock != null && last != null) {
                OffsetDateTime from = last.isBefore(opened) ? opened : last;
                silent = Math.max(0, Duration.between(from, clock).toMinutes());
            }
            Row row = new Row(s, reported, silent);
            if (keep.test(row)) {
                rows.add(row);
            }
        }
        Comparator<Row> order = comparator(sort);
        // Ties in registry-id order either way, so pages are stable.
        rows.sort((descending ? order.reversed() : order).thenComparing(r -> r.unit().unitId()));

        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("unit_id", unitId);
        o.put("filter", filter.name().toLowerCase(Locale.ROOT));
        o.put("late_after_minutes", lateAfter.toMinutes());
        o.put("clock", clock == null ? null : clock.toString());
        o.put("total", rows.size());
        o.put("offset", offset);
        o.put("limit", limit);
        ArrayNode items = o.putArray("items");
        Registry registry = store.registry();
        for (int i = offset; i < Math.min(rows.size(), offset + limit); i++) {
            Row r = rows.get(i);
            ObjectNode item = UnitSnapshotCodec.toNode(r.unit());
            List<Unit> path = registry.path(r.unit().unitId());
            // Between the root and the area itself: where to send someone.
            item.put("path", String.join(" › ", path.subList(1, Math.max(1, path.size() - 1)).stream().map(Unit::name)
                    .toList()));
            item.put("reported", r.reported());
            item.put("silent_minutes", r.silentMinutes());
            items.add(item);
        }
        return o;
    }

    private Predicate<Row> keep(Filter filter, boolean neverIsLate) {
        long late = lateAfter.toMinutes();
        return switch (filter) {
            case ALL -> r -> true;
            case NEVER -> r -> !r.reported();
            case SILENT -> r -> r.reported() && expectsMore(r) && r.silentMinutes() != null && r.silentMinutes() >= late;
            case LATE -> r -> expectsMore(r) && (!r.reported() ? neverIsLate
                    : r.silentMinutes() != null && r.silentMinutes() >= late);
        };
    }

    /**
     * Whether more readings are to be expected: not once an area has counted nearly all its list (the
     * turnout job's silence detector uses the same 95%), as areas that voted days early have.
     */
    private static boolean expectsMore(Row r) {
        UnitSnapshot u = r.unit();
        return u.registered() <= 0 || u.voted() * 100 < NEARLY_COMPLETE_PCT * u.registered();
    }

    private static Comparator<Row> comparator(Sort sort) {
        Comparator<Row> byName = Comparator.comparing(r -> r.unit().name(), Comparator.nullsFirst(String::compareTo));
        return switch (sort) {
            case NAME -> byName;
            case TURNOUT_PCT -> Comparator.comparing(r -> r.unit().turnoutPct(),
                    Comparator.nullsFirst(Comparator.naturalOrder()));
            case VOTED -> Comparator.comparingLong(r -> r.unit().voted());
            case REGISTERED -> Comparator.comparingLong(r -> r.unit().registered());
            case AS_OF -> Comparator.comparing(r -> time(r.unit().asOf()), Comparator.nullsFirst(
                    Comparator.comparing(OffsetDateTime::toInstant)));
            // Never heard from is the longest silence of all.
            case SILENT_MINUTES -> Comparator.comparing((Row r) -> r.reported() ? r.silentMinutes() : Long.valueOf(
                    Long.MAX_VALUE), Comparator.nullsFirst(Comparator.naturalOrder()));
        };
    }

    private static OffsetDateTime time(String iso) {
        if (iso == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(iso);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
