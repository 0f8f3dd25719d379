package vn.election.delivery;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs webhook bodies per Standard Webhooks: a secret in, {@code v1,<base64 HMAC-SHA256 of id.timestamp.body>} out.
 *
 * <p>The secret is either {@code whsec_<base64>} (the Standard Webhooks form: the HMAC key is the decoded
 * base64) or any other non-empty string, whose UTF-8 bytes are then the key. Note that the reference
 * libraries read an un-prefixed secret as base64 too; give them {@code whsec_} + base64(raw) to interoperate.
 */
public final class WebhookSigner {

    /** The prefix of a Standard Webhooks secret. */
    public static final String SECRET_PREFIX = "whsec_";
    static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    private WebhookSigner(byte[] key) {
        this.key = new SecretKeySpec(key, ALGORITHM);
    }

    /** A signer for {@code secret}; throws {@link IllegalArgumentException} for an empty or malformed one. */
    public static WebhookSigner fromSecret(String secret) {
        return new WebhookSigner(keyOf(secret));
    }

    /** The HMAC key a secret stands for (see the class comment). */
    static byte[] keyOf(String secret) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("webhook secret is empty");
        }
        if (!secret.startsWith(SECRET_PREFIX)) {
            return secret.getBytes(StandardCharsets.UTF_8);
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("webhook secret: after " + SECRET_PREFIX + " must come base64 ("
                    + e.getMessage() + ")");
        }
        if (key.length == 0) {
            throw new IllegalArgumentException("webhook secret: nothing after " + SECRET_PREFIX);
        }
        return key;
    }

    /** The {@code webhook-signature} header value for one attempt. */
    public String sign(String webhookId, long timestampSeconds, byte[] body) {
        return "v1," + Base64.getEncoder().encodeToString(mac(webhookId, Long.toString(timestampSeconds), body));
    }

    /** The raw HMAC of {@code id.timestamp.body}. */
    byte[] mac(String webhookId, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            mac.update((webhookId + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable in this JVM", e);
        }
    }
}
