package vn.election.dashboard.state;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The data clock: the latest observation time polling areas have reached, robust to a few wrong dates. A
 * reading with a date a day ahead would otherwise make every other area look silent for a day. The clock is the
 * latest area time with at least {@code quorum} area times (its own included) within {@code window} before it
 * (quorum 3, plus one per thousand reporting areas); when no area time has that many close behind it, which
 * happens only while few areas have reported, it is simply the latest.
 */
public final class DataClock {

    /** An hour: on a live day (or a replay) many areas report within any hour; a wrong date stands alone. */
    public static final long DEFAULT_WINDOW_MILLIS = 60 * 60_000L;

    private final long windowMillis;
    private final Map<String, Long> areaTimes = new HashMap<>();
    private final NavigableMap<Long, Integer> times = new TreeMap<>();
    private long version;
    private long answeredVersion = -1;
    private Long answer;

    /** @param windowMillis how close behind a time the quorum's other area times must be (the late threshold) */
    public DataClock(long windowMillis) {
        if (windowMillis <= 0) {
            throw new IllegalArgumentException("window must be above zero, got " + windowMillis);
        }
        this.windowMillis = windowMillis;
    }

    /** The latest observation time of a polling area (epoch millis); replaces its earlier one. */
    public synchronized void offer(String areaId, long observedMillis) {
        Long old = areaTimes.put(areaId, observedMillis);
        if (old != null) {
            if (old == observedMillis) {
                return;
            }
            times.computeIfPresent(old, (t, n) -> n == 1 ? null : n - 1);
        }
        times.merge(observedMillis, 1, Integer::sum);
        version++;
    }

    /** The areas needed close together for their time to count as the clock. */
    int quorum() {
        return 3 + areaTimes.size() / 1000;
    }

    /** The clock in epoch millis, or null before any area reported. */
    public synchronized Long millis() {
        if (answeredVersion != version) {
            answer = compute();
            answeredVersion = version;
        }
        return answer;
    }

    private Long compute() {
        if (times.isEmpty()) {
            return null;
        }
        int quorum = quorum();
        // Walk the area times from the latest, with a second cursor that counts the areas inside the window.
        Iterator<Map.Entry<Long, Integer>> lead = times.descendingMap().entrySet().iterator();
        Iterator<Map.Entry<Long, Integer>> tail = times.descendingMap().entrySet().iterator();
        Map.Entry<Long, Integer> tailEntry = null;
        int inWindow = 0;
        while (lead.hasNext()) {
            Map.Entry<Long, Integer> top = lead.next();
            long from = top.getKey() - windowMillis;
            if (tailEntry == null) {
                tailEntry = tail.hasNext() ? tail.next() : null;
            }
            // Counts everything from the top's time down to (top - window), inclusive; the tail cursor only
            // moves down, so the walk is linear in the distinct times it passes.
            while (tailEntry != null && tailEntry.getKey() >= from) {
                inWindow += tailEntry.getValue();
                tailEntry = tail.hasNext() ? tail.next() : null;
            }
            if (inWindow >= quorum) {
                return top.getKey();
            }
            inWindow -= top.getValue();   // the top leaves the window as the walk moves down
        }
        return times.lastKey();
    }
}
