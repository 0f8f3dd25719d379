package vn.election.jobs.functions.curve;

import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;
import vn.election.jobs.functions.history.HistoryConfig;
import vn.election.jobs.records.HistoryPoint;
import vn.election.jobs.records.UnitFigures;
import vn.election.jobs.records.UnitUpdate;

/**
 * A unit's figures so far as the open point of the bucket of its latest observation (chained onto the stage
 * that emits them): the curve's last point shows the latest figures before the watermark closes the bucket,
 * and after the close, when nothing more comes to move the watermark.
 */
public class OpenPoints implements FlatMapFunction<UnitUpdate, HistoryPoint> {

    private final HistoryConfig config;

    public OpenPoints(HistoryConfig config) {
        this.config = config;
    }

    @Override
    public void flatMap(UnitUpdate u, Collector<HistoryPoint> out) {
        UnitFigures f = u.figures();
        if (f.hasObservation()) {
            out.collect(of(u.unitId(), f.voted(), f.registered(), f.reporting(), f.latestObservedMillis(),
                    f.latestOffsetSeconds(), config));
        }
    }

    /** The open point of the bucket {@code latestObserved} falls in (a reading at 09:00:00 is in the point at 09:00), with the figures so far and no rates yet. */
    public static HistoryPoint of(String unitId, long voted, long registered, long reporting, long latestObserved,
                                  int offsetSeconds, HistoryConfig config) {
        long end = config.bucketEnd(config.bucketOf(latestObserved));
        return new HistoryPoint(unitId, end, offsetSeconds, voted, registered, reporting, HistoryPoint.UNKNOWN,
                HistoryPoint.UNKNOWN, true);
    }
}
