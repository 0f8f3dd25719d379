package vn.election.field.feed;

/**
 * Why an {@link HttpReadingSink} stopped sending: once thrown, every later {@code send} and
 * {@code flush} throws it again, and readings not yet delivered are counted failed.
 */
public final class HttpSinkException extends RuntimeException {

    /** What went wrong, so a caller can tell a mistake of its own from an outage. */
    public enum Kind {
        /** 401: the token is unknown or revoked; no request will ever succeed with it. */
        TOKEN_REFUSED,
        /** An answer an ingest API does not give (404, 405, 415, a redirect...): probably the wrong URL. */
        UNEXPECTED_ANSWER,
        /** Ingest did not take a batch within the retry limit (429, 5xx, no connection). */
        UNAVAILABLE
    }

    private final Kind kind;

    public HttpSinkException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
