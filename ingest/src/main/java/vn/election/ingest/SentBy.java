package vn.election.ingest;

import java.util.ArrayList;
import java.util.List;
import vn.election.model.reading.Reading;

/** Names the token that sent each accepted reading in its {@code sent_by}, whatever the client wrote there. */
final class SentBy {

    private SentBy() {
    }

    /**
     * The readings as sent by {@code grant}'s token: its id (never the secret). A {@code sent_by} the client
     * supplied is overwritten, not refused, so a correction on record always names a token that really sent it
     * and a client replaying a recorded file with the field in it is not turned away.
     */
    static List<Reading> stamp(List<Reading> readings, IngestTokens.Grant grant) {
        List<Reading> stamped = new ArrayList<>(readings.size());
        for (Reading r : readings) {
            stamped.add(r.withSentBy(grant.id()));
        }
        return stamped;
    }
}
