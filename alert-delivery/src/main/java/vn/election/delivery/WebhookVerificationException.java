package vn.election.delivery;

/** Why a received webhook was refused: a missing header, a stale timestamp or no matching signature. */
public final class WebhookVerificationException extends Exception {

    private static final long serialVersionUID = 1L;

    public WebhookVerificationException(String message) {
        super(message);
    }
}
