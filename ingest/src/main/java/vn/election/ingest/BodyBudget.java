package vn.election.ingest;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The room for request bodies, shared fairly among tokens: bytes really received and held (all
 * tokens together at most the {@link InFlightBudget}'s bytes, one token at most its share) and bodies
 * being received at once per token; in: a token id when a body starts and the size of each chunk as
 * it arrives, out: whether it fits. A slow sender therefore holds what it has sent, not what it
 * declared, and one token, however many connections it opens, cannot take the room of the others.
 * Thread-safe.
 */
final class BodyBudget {

    /** Why a body or a chunk does not fit. */
    enum Refusal {
        /** The token already sends as many bodies at once as it may. */
        TOKEN_BODIES("token_bodies"),
        /** The token holds its share of the bytes. */
        TOKEN_BYTES("token_bytes"),
        /** All bodies together hold the whole budget. */
        TOTAL_BYTES("bytes");

        /** The {@code reason} label of {@code ingest_shed_total}. */
        final String metric;

        Refusal(String metric) {
            this.metric = metric;
        }
    }

    /** What one token holds now; changed only inside {@link Map#compute}, so never half updated. */
    private static final class Share {
        int bodies;
        long bytes;
    }

    private final InFlightBudget total;
    private final long tokenShare;
    private final int maxBodiesPerToken;
    // An entry lives while its token sends or holds something: bounded by the tokens active at once.
    private final Map<String, Share> shares = new ConcurrentHashMap<>();
    private final AtomicInteger receiving = new AtomicInteger();

    BodyBudget(InFlightBudget total, long tokenShare, int maxBodiesPerToken) {
        this.total = total;
        this.tokenShare = tokenShare;
        this.maxBodiesPerToken = maxBodiesPerToken;
    }

    /** Starts a body of {@code tokenId}: its charge, or null (nothing taken) when the token sends too many already. */
    Charge open(String tokenId) {
        boolean[] opened = {false};
        shares.compute(tokenId, (k, share) -> {
            Share s = share == null ? new Share() : share;
            if (s.bodies < maxBodiesPerToken) {
                s.bodies++;
                opened[0] = true;
            }
            return s.bodies == 0 && s.bytes == 0 ? null : s;
        });
        if (!opened[0]) {
            return null;
        }
        receiving.incrementAndGet();
        return new Charge(tokenId);
    }

    /** Whether {@code bytes} more would fit now for {@code tokenId} (a check for an early answer; nothing is taken). */
    boolean fits(String tokenId, long bytes) {
        Share s = shares.get(tokenId);
        long held = s == null ? 0 : s.bytes;
        return held + bytes <= tokenShare && total.bytesInFlight() + bytes <= total.maxBytes();
    }

    /** Bodies being received now, all tokens together. */
    int bodiesReceiving() {
        return receiving.get();
    }

    /** Bytes {@code tokenId} holds now. */
    long bytesHeldBy(String tokenId) {
        Share s = shares.get(tokenId);
        return s == null ? 0 : s.bytes;
    }

    long tokenShare() {
        return tokenShare;
    }

    int maxBodiesPerToken() {
        return maxBodiesPerToken;
    }

    long maxBytes() {
        return total.maxBytes();
    }

    /** One request body's hold on the budget: grows chunk by chunk, released once, whatever happens first. */
    final class Charge {

        private final String tokenId;
        private long bytes;
        private boolean receiving = true;
        private boolean released;

        private Charge(String tokenId) {
            this.tokenId = tokenId;
        }

        /** Takes {@code n} more bytes for this body: null when they fit, else why not (and nothing taken). */
        Refusal charge(long n) {
            boolean[] fits = {false};
            shares.compute(tokenId, (k, s) -> {
                if (s.bytes + n <= tokenShare) {
                    s.bytes += n;
                    fits[0] = true;
                }
                return s;
            });
            if (!fits[0]) {
                return Refusal.TOKEN_BYTES;
            }
            if (!total.tryAcquireBytes(n)) {
                shares.compute(tokenId, (k, s) -> {
                    s.bytes -= n;
                    return s;
                });
                return Refusal.TOTAL_BYTES;
            }
            bytes += n;
            return null;
        }

        /** The body is complete: it no longer counts as being received, its bytes stay held until {@link #release()}. */
        void received() {
            if (receiving && !released) {
                receiving = false;
                BodyBudget.this.receiving.decrementAndGet();
                shares.compute(tokenId, (k, s) -> {
                    s.bodies--;
                    return s.bodies == 0 && s.bytes == 0 ? null : s;
                });
            }
        }

        /** Gives everything back (the request is answered, refused or gone); later calls do nothing. */
        void release() {
            if (released) {
                return;
            }
            released = true;
            boolean wasReceiving = receiving;
            receiving = false;
            if (wasReceiving) {
                BodyBudget.this.receiving.decrementAndGet();
            }
            long held = bytes;
            bytes = 0;
            if (wasReceiving || held > 0) {
                // Otherwise this body has nothing left in its token's share, whose entry may be gone.
                shares.compute(tokenId, (k, s) -> {
                    s.bytes -= held;
                    if (wasReceiving) {
                        s.bodies--;
                    }
                    return s.bodies == 0 && s.bytes == 0 ? null : s;
                });
            }
            total.releaseBytes(held);
        }

        long bytes() {
            return bytes;
        }
    }
}
