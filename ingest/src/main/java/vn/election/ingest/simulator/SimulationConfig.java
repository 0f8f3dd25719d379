package vn.election.ingest.simulator;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Objects;
import vn.election.model.registry.Registry;

/**
 * How to play an election day.
 *
 * @param speed simulated seconds per wall-clock second (60 plays the 12-hour day in 12 minutes);
 *              0 or less plays as fast as possible
 * @param pollsOpen when voting starts, in the local offset readings are stamped with
 * @param votingHours how long polls stay open
 * @param seed makes a day repeatable
 */
public record SimulationConfig(Registry registry, double speed, OffsetDateTime pollsOpen, Duration votingHours,
                               long seed) {

    public SimulationConfig {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(pollsOpen, "pollsOpen");
        if (votingHours.isNegative() || votingHours.isZero()) {
            throw new IllegalArgumentException("votingHours must be positive, got " + votingHours);
        }
    }

    public boolean asFastAsPossible() {
        return speed <= 0;
    }
}
