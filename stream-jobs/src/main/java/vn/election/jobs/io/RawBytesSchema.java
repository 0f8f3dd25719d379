package vn.election.jobs.io;

import org.apache.flink.api.common.serialization.AbstractDeserializationSchema;

/** Passes a Kafka record's value through as bytes, so decoding errors are handled (and kept) by the job, not the source. */
public class RawBytesSchema extends AbstractDeserializationSchema<byte[]> {

    @Override
    public byte[] deserialize(byte[] message) {
        // A tombstone has no value; an empty array reaches validation and is rejected with a reason.
        return message == null ? new byte[0] : message;
    }
}
