package vn.election.ingest.simulator;

import vn.election.model.reading.Reading;

/** Where simulated readings go: Kafka directly, or the ingest HTTP API. */
public interface ReadingSink extends AutoCloseable {

    void send(Reading reading);

    /** Waits until everything sent so far is acknowledged. */
    void flush();

    @Override
    void close();
}
