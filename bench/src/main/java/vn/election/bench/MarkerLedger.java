package vn.election.bench;

import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * Pairs each marker reading (number k, sent as voted = k) with its ingest answer and with the first
 * websocket frame that shows voted >= k; records the time from the 202 answer (and from the send) to
 * that frame. A frame that beats the answer counts as 0 from the answer.
 */
final class MarkerLedger {

    /** One marker's times (System.nanoTime); 0 = not yet. */
    private static final class Marker {
        final long sent;
        final boolean measured;
        long answered;
        long shown;

        Marker(long sent, boolean measured) {
            this.sent = sent;
            this.measured = measured;
        }
    }

    private final TreeMap<Long, Marker> open = new TreeMap<>();
    private final Histogram fromAnswer = Latencies.histogram();
    private final Histogram fromSend = Latencies.histogram();
    private long frameBeforeAnswer;
    private long refused;
    private long unresolved;

    synchronized void sent(long k, long nanos, boolean measured) {
        open.put(k, new Marker(nanos, measured));
    }

    /** The batch carrying marker k was answered 202. */
    synchronized void answered(long k, long nanos) {
        Marker m = open.get(k);
        if (m == null) {
            return;
        }
        m.answered = nanos;
        if (m.shown != 0) {
            frameBeforeAnswer++;
            resolve(k, m, m.shown);
        }
    }

    /** The batch carrying marker k was not accepted: the marker will never be shown as itself. */
    synchronized void refused(long k) {
        if (open.remove(k) != null) {
            refused++;
        }
    }

    /** A frame showed the marker station with this voted figure. */
    synchronized void shown(long voted, long nanos) {
        Iterator<Map.Entry<Long, Marker>> it = open.headMap(voted, true).entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Long, Marker> e = it.next();
            Marker m = e.getValue();
            if (m.answered != 0) {
                record(m, nanos);
                it.remove();
            } else if (m.shown == 0) {
                m.shown = nanos;
            }
        }
    }

    private void resolve(long k, Marker m, long shownNanos) {
        record(m, shownNanos);
        open.remove(k);
    }

    private void record(Marker m, long shownNanos) {
        if (m.measured) {
            Latencies.record(fromAnswer, Math.max(0, shownNanos - m.answered));
            Latencies.record(fromSend, shownNanos - m.sent);
        }
    }

    /** Answered markers not shown yet. */
    synchronized int pending() {
        int n = 0;
        for (Marker m : open.values()) {
            if (m.answered != 0) {
                n++;
            }
        }
        return n;
    }

    /**
     * Gives up on the markers still open: each answered one is recorded with its age at {@code nanos},
     * a lower bound of its latency, and counted as unresolved.
     */
    synchronized void giveUp(long nanos) {
        for (Marker m : open.values()) {
            if (m.answered != 0 && m.measured) {
                record(m, nanos);
                unresolved++;
            }
        }
        open.clear();
    }

    synchronized Latencies fromAnswer() {
        return Latencies.of(fromAnswer);
    }

    synchronized Latencies fromSend() {
        return Latencies.of(fromSend);
    }

    synchronized long frameBeforeAnswer() {
        return frameBeforeAnswer;
    }

    synchronized long refused() {
        return refused;
    }

    synchronized long unresolved() {
        return unresolved;
    }
}
