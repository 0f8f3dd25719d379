package vn.election.dashboard.state;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import vn.election.dashboard.state.CurvePoint;
import vn.election.model.history.HistoryRecord;
import vn.election.model.json.Json;
import vn.election.model.registry.Registry;
import vn.election.model.unit.UnitSnapshot;

/**
 * The turnout curve of every unit above the polling areas, fed by {@code turnout.history}: one point
 * per bucket end (a repeated point replaces the earlier one, since the topic is written at least
 * once and late readings amend closed points; an open bucket's point never replaces a closed one), kept in
 * compact arrays, answered one local day at a time.
 */
public final class HistoryStore {

    /** A week of 5-minute buckets, as long as the topic keeps them; older points are dropped first. */
    static final int MAX_POINTS_PER_UNIT = 7 * 24 * 12;

    private final Registry registry;
    private final ZoneId zone;
    private final ConcurrentHashMap<String, UnitCurve> curves = new ConcurrentHashMap<>();

    HistoryStore(Registry registry, ZoneId zone) {
        this.registry = registry;
        this.zone = zone;
    }

    /** Keeps the point; polling areas' points are skipped (80,000 curves would cost more than they show). */
    public String offer(HistoryRecord h) {
        if (registry.find(h.unitId()).isEmpty()) {
            return "unknown_unit";
        }
        if (registry.isLeaf(h.unitId())) {
            return "skipped_polling_area";
        }
        curves.computeIfAbsent(h.unitId(), id -> new UnitCurve()).put(h);
        return "applied";
    }

    /**
     * {@code {"unit_id", "day", "points": [{"t", "voted", "registered", "turnout_pct"}]}}, oldest first,
     * for the given local day, or the day of the unit's latest point when {@code day} is null.
     */
    public ObjectNode toJson(String unitId, LocalDate day) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("unit_id", unitId);
        UnitCurve c = curves.get(unitId);
        if (c == null) {
            o.putNull("day");
            o.putArray("points");
            return o;
        }
        c.writeDay(o, day, zone);
        return o;
    }

    public int units() {
        return curves.size();
    }

    /** The unit's point with the latest bucket end at or before {@code time} (the report's figures at a past time). */
    public Optional<CurvePoint> at(String unitId, Instant time) {
        UnitCurve c = curves.get(unitId);
        return c == null ? Optional.empty() : c.at(time.getEpochSecond());
    }

    /** One unit's points, sorted by bucket end; guarded by its own lock (written by the feed, read by REST). */
    private static final class UnitCurve {
        private long[] ends = new long[16];
        private long[] voted = new long[16];
        private long[] registered = new long[16];
        private long[] reporting = new long[16];
        private boolean[] open = new boolean[16];
        private int size;
        private ZoneOffset offset = ZoneOffset.UTC;

        synchronized void put(HistoryRecord h) {
            long end = h.bucketEnd().toEpochSecond();
            offset = h.bucketEnd().getOffset();
            int i = Arrays.binarySearch(ends, 0, size, end);
            if (i >= 0) {
                if (h.open() && !open[i]) {
                    return;     // the bucket's figures so far, behind its closed point (two writers race)
                }
                voted[i] = h.voted();
                registered[i] = h.registered();
                reporting[i] = h.reporting();
                open[i] = h.open();
                return;
            }
            int at = -i - 1;
            if (size == MAX_POINTS_PER_UNIT) {
                if (at == 0) {
                    return;     // older than everything kept
                }
                shiftLeft();
                at--;
            }
            if (size == ends.length) {
                int grown = Math.min(MAX_POINTS_PER_UNIT, size * 2);
                ends = Arrays.copyOf(ends, grown);
                voted = Arrays.copyOf(voted, grown);
                registered = Arrays.copyOf(registered, grown);
                reporting = Arrays.copyOf(reporting, grown);
                open = Arrays.copyOf(open, grown);
            }
            System.arraycopy(ends, at, ends, at + 1, size - at);
            System.arraycopy(voted, at, voted, at + 1, size - at);
            System.arraycopy(registered, at, registered, at + 1, size - at);
            System.arraycopy(reporting, at, reporting, at + 1, size - at);
            System.arraycopy(open, at, open, at + 1, size - at);
            ends[at] = end;
            voted[at] = h.voted();
            registered[at] = h.registered();
            reporting[at] = h.reporting();
            open[at] = h.open();
            size++;
        }

        private void shiftLeft() {
            System.arraycopy(ends, 1, ends, 0, size - 1);
            System.arraycopy(voted, 1, voted, 0, size - 1);
            System.arraycopy(registered, 1, registered, 0, size - 1);
            System.arraycopy(reporting, 1, reporting, 0, size - 1);
            System.arraycopy(open, 1, open, 0, size - 1);
            size--;
        }

        synchronized Optional<CurvePoint> at(long epochSecond) {
            int i = Arrays.binarySearch(ends, 0, size, epochSecond);
            int last = i >= 0 ? i : -i - 2;
            if (last < 0) {
                return Optional.empty();
            }
            return Optional.of(new CurvePoint(Instant.ofEpochSecond(ends[last]).atOffset(offset), voted[last], registered[last],
                    reporting[last], open[last]));
        }

        synchronized void writeDay(ObjectNode o, LocalDate day, ZoneId zone) {
            LocalDate shown = day != null ? day : localDay(ends[size - 1], zone);
            o.put("day", shown.toString());
            ArrayNode points = o.putArray("points");
            for (int i = 0; i < size; i++) {
                if (!localDay(ends[i], zone).equals(shown)) {
                    continue;
                }
                ObjectNode p = points.addObject();
                p.put("t", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(Instant.ofEpochSecond(ends[i]).atOffset(offset)));
                p.put("voted", voted[i]);
                p.put("registered", registered[i]);
                var pct = UnitSnapshot.turnoutPct(voted[i], registered[i]);
                if (pct == null) {
                    p.putNull("turnout_pct");
                } else {
                    p.put("turnout_pct", pct);
                }
            }
        }

        private static LocalDate localDay(long epochSecond, ZoneId zone) {
            return Instant.ofEpochSecond(epochSecond).atZone(zone).toLocalDate();
        }
    }
}
