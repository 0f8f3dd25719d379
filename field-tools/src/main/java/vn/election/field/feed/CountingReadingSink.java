package vn.election.field.feed;

import java.util.List;

/** A {@link ReadingSink} that knows what became of the readings it was given: accepted, refused or failed. */
public interface CountingReadingSink extends ReadingSink {

    /** The counts so far; after {@link #flush()}, accepted + refused + failed is everything sent. */
    DeliveryCounts counts();

    /**
     * What became of the readings sent to a sink.
     *
     * @param accepted taken by the receiver
     * @param refused refused by the receiver as invalid or out of the sender's scope; sending them again is useless
     * @param failed not delivered (the receiver was unavailable too long, or the sink stopped)
     * @param retries requests sent again after an answer that asked for it or a failed connection
     * @param refusedReasons why, for the first {@link #MAX_REASONS} refused readings
     */
    record DeliveryCounts(long accepted, long refused, long failed, long retries, List<String> refusedReasons) {

        public static final int MAX_REASONS = 20;

        public DeliveryCounts {
            refusedReasons = List.copyOf(refusedReasons);
        }
    }
}
