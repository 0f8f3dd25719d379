package vn.election.field.simulator;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Objects;
import vn.election.model.registry.Registry;

/**
 * How to play an election day.
 *
 * @param speed simulated seconds per wall-clock second (60 plays the 12-hour day in 12 minutes);
 *              0 or less plays as fast as possible
 * @param pollsOpen 07:00 on election day, in the local offset readings are stamped with
 * @param votingHours how long polls stay open
 * @param seed makes a day repeatable
 * @param startMinute where the simulated clock starts, in minutes after {@code pollsOpen} (-120 is
 *                    05:00, when early teams open); readings observed before it are delivered at once
 * @param faults deliver some readings twice, late, out of order, in bursts; a few mistyped counts
 * @param anomalies inject the anomalies of {@link InjectedKind} that detectors should find
 */
public record SimulationConfig(Registry registry, double speed, OffsetDateTime pollsOpen, Duration votingHours,
                               long seed, ReportingMode mode, double startMinute, boolean faults, boolean anomalies) {

    public SimulationConfig {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(pollsOpen, "pollsOpen");
        Objects.requireNonNull(mode, "mode");
        if (votingHours.isNegative() || votingHours.isZero()) {
            throw new IllegalArgumentException("votingHours must be positive, got " + votingHours);
        }
    }

    /** A plain day: checkpoint reports, no faults, no anomalies, clock from 05:00. */
    public static SimulationConfig plain(Registry registry, double speed, OffsetDateTime pollsOpen, long seed) {
        return new SimulationConfig(registry, speed, pollsOpen, Duration.ofHours(12), seed, ReportingMode.CHECKPOINTS,
                -120, false, false);
    }

    public SimulationConfig withMode(ReportingMode m) {
        return new SimulationConfig(registry, speed, pollsOpen, votingHours, seed, m, startMinute, faults, anomalies);
    }

    public SimulationConfig withFaultsAndAnomalies(boolean withFaults, boolean withAnomalies) {
        return new SimulationConfig(registry, speed, pollsOpen, votingHours, seed, mode, startMinute, withFaults,
                withAnomalies);
    }

    public SimulationConfig withStartMinute(double minute) {
        return new SimulationConfig(registry, speed, pollsOpen, votingHours, seed, mode, minute, faults, anomalies);
    }

    public boolean asFastAsPossible() {
        return speed <= 0;
    }

    public double closeMinute() {
        return votingHours.toMinutes();
    }
}
