package vn.election.field.feed;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import vn.election.model.reading.Reading;

/** Keeps every reading sent to it, in order: a simulated day in memory, to look at or to replay later. */
public final class CollectingReadingSink implements ReadingSink {

    private final List<Reading> readings = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void send(Reading reading) {
        readings.add(reading);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }

    /** A copy of what was sent so far. */
    public List<Reading> readings() {
        synchronized (readings) {
            return List.copyOf(readings);
        }
    }
}
