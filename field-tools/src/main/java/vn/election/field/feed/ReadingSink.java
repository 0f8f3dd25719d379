package vn.election.field.feed;

import vn.election.model.reading.Reading;

/** Where a stream of readings goes (simulator, replay): Kafka directly, or the ingest HTTP API. */
public interface ReadingSink extends AutoCloseable {

    void send(Reading reading);

    /** Waits until everything sent so far is acknowledged. */
    void flush();

    @Override
    void close();
}
