package vn.election.ingest;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import vn.election.model.reading.Reading;
import vn.election.model.reading.ReadingCodec;
import vn.election.model.registry.Registry;
import vn.election.model.registry.RegistryLoader;

/** Test data for ingest: the bundled demo registry, a fixed "now", stations, reading builders. */
final class IngestFixtures {

    static final Registry REGISTRY = RegistryLoader.bundledDemo();
    /** 10:00 local time on election day 2021. */
    static final Instant NOW = Instant.parse("2021-05-23T03:00:00Z");
    /** Midnight before election day 2021, local time. */
    static final Instant DAY_START = Instant.parse("2021-05-22T17:00:00Z");
    static final OffsetDateTime NINE_AM = OffsetDateTime.parse("2021-05-23T09:00:00+07:00");

    /** Polling areas of Quảng Ninh (VN-22) and one of Hà Nội (VN-01). */
    static final String QN_1 = "VN-22-001-00001-001";
    static final String QN_2 = "VN-22-001-00001-002";
    static final String QN_3 = "VN-22-001-00002-001";
    static final String HN_1 = "VN-01-001-00001-001";
    static final String QN_COMMUNE = "VN-22-001-00001";

    private IngestFixtures() {
    }

    static Reading reading(String station, long seq, long voted) {
        return Reading.of(station, Reading.DEFAULT_SOURCE, seq, NINE_AM, voted, null);
    }

    static String json(Reading r) {
        return ReadingCodec.toJson(r);
    }

    static String json(String station, long seq, long voted) {
        return json(reading(station, seq, voted));
    }

    /**
     * The fixtures' readings are of election day 2021 while the server's clock says today: the
     * 24-hour age bound is off and the day itself (from midnight, local time) is the earliest taken.
     */
    static IngestConfig onFixtureDay(IngestConfig config) {
        return config.withMaxObservedAge(Duration.ZERO).withEarliestObservedAt(DAY_START);
    }

    /** A JSON array of the given JSON objects. */
    static String array(String... items) {
        return "[" + String.join(",", items) + "]";
    }
}
