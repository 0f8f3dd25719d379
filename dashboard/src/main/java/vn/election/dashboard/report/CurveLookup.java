package vn.election.dashboard.report;

import vn.election.dashboard.state.CurvePoint;
import java.time.Instant;
import java.util.Optional;

/** Where the report finds a unit's figures at a past time: the latest curve point at or before it. */
@FunctionalInterface
public interface CurveLookup {

    /** The unit's point with the latest bucket end at or before {@code time}; empty when it has none (or no curve is kept). */
    Optional<CurvePoint> at(String unitId, Instant time);
}
