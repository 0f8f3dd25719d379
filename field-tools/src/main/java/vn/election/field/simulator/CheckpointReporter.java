package vn.election.field.simulator;

import java.time.OffsetDateTime;
import java.util.SplittableRandom;
import vn.election.model.reading.Reading;

/**
 * An election team's reports: the cumulative count every {@code cadence} minutes (jittered), at the
 * 9, 11, 13, 15 and 17 h checkpoints, and at close; the main source carries the area's anomaly.
 */
final class CheckpointReporter extends Reporter {

    private static final int[] CHECKPOINT_HOURS = {9, 11, 13, 15, 17};
    private static final int OPENING_HOUR = 7;

    private final boolean main;
    private final SplittableRandom random;
    private double next;
    private boolean done;

    CheckpointReporter(StationPlan plan, StationPlan.Source source, boolean main, OffsetDateTime pollsOpen,
                       SplittableRandom random) {
        super(plan, source, pollsOpen);
        this.main = main;
        this.random = random;
        this.next = plan.openMinute + random.nextInt(Math.max(1, source.cadenceMinutes()));
    }

    @Override
    double nextMinute() {
        return done ? Double.POSITIVE_INFINITY : next;
    }

    @Override
    Reading next() {
        double minute = next;
        Reading r = reading(minute, count(minute));
        if (minute >= plan.closeMinute) {
            done = true;
        } else {
            next = following(minute);
        }
        return r;
    }

    /** What the source has counted by {@code minute}, anomalies and mistypes included. */
    long count(double minute) {
        long normal = normal(minute);
        if (!main) {
            return normal;
        }
        if (!Double.isNaN(plan.correctionMinute) && minute == plan.correctionMinute) {
            return Math.round(normal * 1.08) + 5;   // a typo, corrected by the next report
        }
        StationPlan.Anomaly a = plan.anomaly;
        if (a == null || minute < a.startMinute()) {
            return normal;
        }
        return switch (a.kind()) {
            case COUNTER_DECREASE -> normal - a.amount();
            case SURGE -> Math.max(normal, normal(a.startMinute()) + a.amount());
            case JUMP_TO_100_BEFORE_CHECKPOINT -> Math.max(normal, plan.finalList() - otherSources());
            default -> normal;
        };
    }

    private long otherSources() {
        return plan.sources.stream().filter(s -> s != source).mapToLong(StationPlan.Source::finalVoters).sum();
    }

    private long normal(double minute) {
        if (minute >= plan.closeMinute) {
            return source.finalVoters();
        }
        double hours = (minute - plan.openMinute) / 60 * plan.pace;
        return (long) Math.floor(source.finalVoters() * TurnoutCurve.share(hours));
    }

    /** The next report: the regular one, or an earlier checkpoint or anomaly moment, skipping a silence. */
    private double following(double minute) {
        double candidate = minute + source.cadenceMinutes() * (0.75 + 0.5 * random.nextDouble());
        for (int hour : CHECKPOINT_HOURS) {
            double checkpoint = plan.dayShift + (hour - OPENING_HOUR) * 60.0;
            if (checkpoint > minute && checkpoint < candidate) {
                candidate = checkpoint;
            }
        }
        if (main && plan.anomaly != null) {
            for (double forced : new double[] {plan.anomaly.startMinute() - 10, plan.anomaly.startMinute()}) {
                if (forced > minute && forced < candidate) {
                    candidate = forced;
                }
            }
        }
        if (main && !Double.isNaN(plan.correctionMinute) && plan.correctionMinute > minute
                && plan.correctionMinute < candidate) {
            candidate = plan.correctionMinute;
        }
        if (main && !Double.isNaN(plan.silentFrom) && candidate >= plan.silentFrom && candidate < plan.silentUntil) {
            candidate = plan.silentUntil;
        }
        return Math.min(candidate, plan.closeMinute);
    }
}
