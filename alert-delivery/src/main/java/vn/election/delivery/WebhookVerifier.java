package vn.election.delivery;

import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * Checks a received webhook per Standard Webhooks: headers and raw body in, accepted or a
 * {@link WebhookVerificationException} naming the reason out. The timestamp must be within the
 * tolerance (5 minutes by default) of the receiver's clock, in either direction, against replays; the
 * signature header may hold several space-separated {@code v1,<base64>} entries, one match is enough, and
 * each comparison takes constant time.
 */
public final class WebhookVerifier {

    /** The Standard Webhooks default tolerance on {@code webhook-timestamp}. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    private final WebhookSigner signer;
    private final Duration tolerance;

    public WebhookVerifier(String secret, Duration tolerance) {
        this.signer = WebhookSigner.fromSecret(secret);
        if (tolerance == null || tolerance.isNegative()) {
            throw new IllegalArgumentException("tolerance must be zero or more");
        }
        this.tolerance = tolerance;
    }

    public WebhookVerifier(String secret) {
        this(secret, DEFAULT_TOLERANCE);
    }

    /** Accepts the webhook or throws with the reason; header values may be null when absent. */
    public void verify(String webhookId, String timestamp, String signatures, byte[] body, Instant now)
            throws WebhookVerificationException {
        if (webhookId == null || webhookId.isEmpty()) {
            throw new WebhookVerificationException("missing webhook-id header");
        }
        if (timestamp == null || signatures == null) {
            throw new WebhookVerificationException("missing webhook-" + (timestamp == null ? "timestamp" : "signature")
                    + " header");
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.strip());
        } catch (NumberFormatException e) {
            throw new WebhookVerificationException("webhook-timestamp is not unix seconds: " + timestamp);
        }
        long skew = Math.abs(now.getEpochSecond() - seconds);
        if (skew > tolerance.toSeconds()) {
            throw new WebhookVerificationException("webhook-timestamp is " + skew + " s away from now (tolerance "
                    + tolerance.toSeconds() + " s)");
        }
        byte[] expected = signer.mac(webhookId, timestamp, body == null ? new byte[0] : body);
        boolean match = false;
        for (String entry : signatures.strip().split(" +")) {
            int comma = entry.indexOf(',');
            if (comma < 0 || !entry.substring(0, comma).equals("v1")) {
                continue;   // another scheme (v1a, ...) or garbage: not ours to judge
            }
            byte[] given;
            try {
                given = Base64.getDecoder().decode(entry.substring(comma + 1));
            } catch (IllegalArgumentException e) {
                continue;
            }
            // No early exit: every entry is compared, each in constant time.
            match |= MessageDigest.isEqual(expected, given);
        }
        if (!match) {
            throw new WebhookVerificationException("no valid v1 signature in webhook-signature");
        }
    }
}
