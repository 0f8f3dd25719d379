package vn.election.dashboard.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import vn.election.model.json.Json;

/**
 * Writes a {@link Session} into a cookie value ({@code base64url(json).base64url(HMAC-SHA256)}) and reads
 * it back, refusing one whose signature does not match, that is malformed, or that has expired.
 */
public final class SessionCodec {

    private static final String ALGORITHM = "HmacSHA256";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    /** Far more than a real cookie needs; a longer one is not even decoded. */
    private static final int MAX_VALUE = 2048;

    private final SecretKeySpec key;

    public SessionCodec(byte[] secret) {
        if (secret.length < 32) {
            throw new IllegalArgumentException("a session secret needs at least 32 bytes");
        }
        this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
    }

    public String encode(Session s) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("n", s.name());
        o.put("u", s.unit());
        if (s.role() != null) {
            o.put("r", s.role());
        }
        o.put("iat", s.issuedAt().getEpochSecond());
        o.put("exp", s.expiresAt().getEpochSecond());
        String payload = B64.encodeToString(o.toString().getBytes(StandardCharsets.UTF_8));
        return payload + "." + B64.encodeToString(mac(payload));
    }

    /** The session in the value when its signature is ours and it has not expired at {@code now}. */
    public Optional<Session> decode(String value, Instant now) {
        if (value == null || value.length() > MAX_VALUE) {
            return Optional.empty();
        }
        int dot = value.indexOf('.');
        if (dot <= 0 || dot != value.lastIndexOf('.')) {
            return Optional.empty();
        }
        String payload = value.substring(0, dot);
        try {
            // Compared as text in its one canonical form (a lenient decoder would accept variants of the
            // last character), in constant time: no byte-by-byte oracle for forging a signature.
            byte[] given = value.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
            if (!MessageDigest.isEqual(given, B64.encode(mac(payload)))) {
                return Optional.empty();
            }
            JsonNode n = Json.MAPPER.readTree(B64D.decode(payload));
            Session s = new Session(n.path("n").asText(null), n.path("u").asText(null), n.path("r").asText(null),
                    Instant.ofEpochSecond(n.path("iat").asLong()), Instant.ofEpochSecond(n.path("exp").asLong()));
            if (s.name() == null || s.unit() == null || !now.isBefore(s.expiresAt()) || now.isBefore(s.issuedAt().minusSeconds(300))) {
                return Optional.empty();
            }
            return Optional.of(s);
        } catch (IllegalArgumentException | java.io.IOException e) {
            return Optional.empty();
        }
    }

    private byte[] mac(String payload) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
