package vn.election.field.simulator;

import java.util.ArrayList;
import java.util.List;

/**
 * One polling area's day, decided up front: its sources and how many voters each will count, its
 * pace, when it opens and closes, a list change, and what was injected into it. Times are minutes
 * after 07:00 on election day.
 */
final class StationPlan {

    /** One source of the area (main box, mobile box, poll-book device) and its final count. */
    record Source(String name, long finalVoters, int cadenceMinutes) {
    }

    /** An anomaly injected into the area's main source. */
    record Anomaly(InjectedKind kind, double startMinute, double endMinute, long amount) {
    }

    final String id;
    final String regionId;
    final long registered;
    final List<Source> sources = new ArrayList<>();
    double pace = 1;
    /** 0 on election day; minus whole days for a remote area that voted early. */
    double dayShift;
    double openMinute;
    double closeMinute;
    long listAfter = -1;
    double listChangeMinute = Double.POSITIVE_INFINITY;
    Anomaly anomaly;
    double correctionMinute = Double.NaN;
    double silentFrom = Double.NaN;
    double silentUntil = Double.NaN;
    /** Readings observed in [burstFrom, burstUntil) are held back and delivered together at burstUntil. */
    double burstFrom = Double.NaN;
    double burstUntil = Double.NaN;
    boolean duplicates;
    boolean delayed;

    StationPlan(String id, String regionId, long registered) {
        this.id = id;
        this.regionId = regionId;
        this.registered = registered;
    }

    /** The list size readings observed at {@code minute} report, or null when they carry none. */
    Long listAt(double minute) {
        return listAfter >= 0 && minute >= listChangeMinute ? listAfter : null;
    }

    /** The list in force at the end of the day. */
    long finalList() {
        return listAfter >= 0 ? listAfter : registered;
    }
}
