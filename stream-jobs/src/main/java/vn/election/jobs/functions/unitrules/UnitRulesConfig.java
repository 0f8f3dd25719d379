package vn.election.jobs.functions.unitrules;

import java.io.Serializable;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Set;
import vn.election.model.targets.TurnoutTargets;

/**
 * Settings of the unit-level rules.
 *
 * @param peerLevels levels whose units are compared with their siblings (default: province)
 * @param minPeers fewest siblings a comparison needs (a median of three says little)
 * @param minGapPoints a unit must be at least this many percentage points below its siblings' median
 * @param robustScore ... and this many robust deviations (1.4826 × median absolute deviation) below it
 * @param sameTime siblings are compared only when their figures are as of within this of each other
 * @param targets the turnout target of each unit (default 99.5% for all; a targets file sets units and their subtrees)
 * @param targetLevels levels checked against the target at close (default: nation, province)
 * @param pollsCloseLocal local time polls close
 * @param peersFromLocal peers are compared from this local time (the first hour is too thin to judge)
 * @param peersUntilLocal ... until this one (at close, final reports land unevenly and every unit jumps)
 * @param closeGrace how long after a unit's figures first reach closing time its turnout is judged
 *                   (processing time: the areas' final reports arrive one by one after close)
 */
public record UnitRulesConfig(Set<String> peerLevels, int minPeers, double minGapPoints, double robustScore,
                              Duration sameTime, TurnoutTargets targets, Set<String> targetLevels,
                              LocalTime pollsCloseLocal, LocalTime peersFromLocal, LocalTime peersUntilLocal,
                              Duration closeGrace) implements Serializable {

    public UnitRulesConfig {
        if (minPeers < 3) {
            throw new IllegalArgumentException("unit rules: minPeers must be at least 3, got " + minPeers);
        }
        if (minGapPoints <= 0 || robustScore <= 0) {
            throw new IllegalArgumentException("unit rules: minGapPoints and robustScore must be positive");
        }
        peerLevels = Set.copyOf(peerLevels);
        targets = targets == null ? TurnoutTargets.defaults() : targets;
        targetLevels = Set.copyOf(targetLevels);
    }

    public static UnitRulesConfig defaults() {
        return new UnitRulesConfig(Set.of("province"), 4, 8.0, 3.5, Duration.ofMinutes(20), TurnoutTargets.defaults(),
                Set.of("nation", "province"), LocalTime.of(19, 0), LocalTime.of(8, 0), LocalTime.of(18, 30),
                Duration.ofMinutes(2));
    }

    /** The same settings with other turnout targets. */
    public UnitRulesConfig withTargets(TurnoutTargets t) {
        return new UnitRulesConfig(peerLevels, minPeers, minGapPoints, robustScore, sameTime, t, targetLevels,
                pollsCloseLocal, peersFromLocal, peersUntilLocal, closeGrace);
    }
}
