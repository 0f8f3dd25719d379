package vn.election.field.simulator;

import java.time.OffsetDateTime;
import vn.election.model.reading.Reading;

/**
 * A poll-book device: one reading per voter checked in, its count rising by one each time, voters
 * placed along the turnout curve at the area's pace and all in before close.
 */
final class CheckinReporter extends Reporter {

    private long checkedIn;

    CheckinReporter(StationPlan plan, StationPlan.Source source, OffsetDateTime pollsOpen) {
        super(plan, source, pollsOpen);
    }

    @Override
    double nextMinute() {
        return checkedIn >= source.finalVoters() ? Double.POSITIVE_INFINITY : minuteOf(checkedIn + 1);
    }

    @Override
    Reading next() {
        double minute = minuteOf(checkedIn + 1);
        checkedIn++;
        return reading(minute, checkedIn);
    }

    private double minuteOf(long voter) {
        double share = (voter - 0.5) / source.finalVoters();
        double minute = plan.openMinute + TurnoutCurve.hoursFor(share) * 60 / plan.pace;
        if (!Double.isNaN(plan.silentFrom) && minute >= plan.silentFrom && minute < plan.silentUntil) {
            minute = plan.silentUntil;   // the device was down: its check-ins are recorded when it comes back
        }
        return Math.min(minute, plan.closeMinute - 0.01);
    }
}
