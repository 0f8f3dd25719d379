package vn.election.field.simulator;

import java.time.OffsetDateTime;
import vn.election.model.reading.Reading;

/** One source of one polling area, producing its readings in time order: the next one is due at {@link #nextMinute()}. */
abstract class Reporter {

    protected final StationPlan plan;
    protected final StationPlan.Source source;
    private final OffsetDateTime pollsOpen;
    private long seq;

    Reporter(StationPlan plan, StationPlan.Source source, OffsetDateTime pollsOpen) {
        this.plan = plan;
        this.source = source;
        this.pollsOpen = pollsOpen;
    }

    /** Minutes after 07:00 of the next reading; infinite once the source has said its last. */
    abstract double nextMinute();

    /** The reading due at {@link #nextMinute()}, advancing to the one after. */
    abstract Reading next();

    protected Reading reading(double minute, long voted) {
        seq++;
        return Reading.of(plan.id, source.name(), seq, at(minute), Math.max(0, voted), plan.listAt(minute));
    }

    protected OffsetDateTime at(double minute) {
        return pollsOpen.plusSeconds(Math.round(minute * 60));
    }
}
