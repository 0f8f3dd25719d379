package vn.election.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bearer tokens of reporting units: each token maps to a {@link Grant} (the unit it may report for,
 * its id and rate limit); only SHA-256 hashes of the tokens are kept. Tokens come from code
 * ({@link #register}, unlimited rate) and from the token store file ({@link #replaceStored}, swapped
 * whole on every reload). Thread-safe.
 */
public final class IngestTokens {

    /** Marks a token of this system, so a leaked one is easy to recognise (and to scan for). */
    public static final String PREFIX = "edt_";
    /** Shortest token accepted by {@link #register}: a short hand-made token could be guessed. */
    public static final int MIN_LENGTH = 16;
    private static final int RANDOM_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * What a token may do: report for polling areas at or below {@code unitId}, at most
     * {@code ratePerSecond} readings per second (0 = no limit); {@code id} names it in answers and logs.
     */
    public record Grant(String id, String unitId, int ratePerSecond) {
        public boolean limited() {
            return ratePerSecond > 0;
        }
    }

    // SHA-256 hex of the token -> grant. A plain fast hash is enough: generated tokens carry
    // 256 random bits, so there is nothing to brute-force that a slow password hash would protect.
    // Lookup by hash also means no comparison of secrets, so no constant-time compare is needed.
    private final Map<String, Grant> registered = new ConcurrentHashMap<>();
    // Replaced whole on each reload of the store, so a reader sees one version or the next, never a mix.
    private volatile Map<String, Grant> stored = Map.of();

    /** A fresh random token: {@value #PREFIX} + 32 random bytes, URL-safe base64 without padding. */
    public static String newToken() {
        byte[] bytes = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** SHA-256 of the token as lower-case hex: what is stored, and what a token file may hold. */
    public static String hash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Makes a fresh token scoped to {@code unitId}, registers it, and returns it (the only time it is seen). */
    public String generate(String unitId) {
        String token = newToken();
        register(token, unitId);
        return token;
    }

    /** Lets {@code token} report for polling areas at or below {@code unitId}. */
    public void register(String token, String unitId) {
        checkUnit(unitId);
        if (token == null || token.length() < MIN_LENGTH) {
            throw new IllegalArgumentException("a token must be at least " + MIN_LENGTH + " characters; use "
                    + "IngestTokens.newToken() (or 'election-day token create') for a random one");
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                throw new IllegalArgumentException("a token may hold only visible ASCII characters (it travels in an HTTP header)");
            }
        }
        String hash = hash(token);
        registered.put(hash, new Grant(localId(hash), unitId, 0));
    }

    /** Registers a token known only by its {@link #hash}, for tokens kept in a file of hashes. */
    public void registerHash(String sha256Hex, String unitId) {
        checkUnit(unitId);
        if (sha256Hex == null || !sha256Hex.matches("[0-9a-fA-F]{64}")) {
            throw new IllegalArgumentException("a token hash must be 64 hex digits (SHA-256), got " + sha256Hex);
        }
        String hash = sha256Hex.toLowerCase(java.util.Locale.ROOT);
        registered.put(hash, new Grant(localId(hash), unitId, 0));
    }

    /**
     * Replaces every token that came from the store with the active ones of {@code records}; a
     * record without a rate gets {@code defaultRate}. Returns how many are active.
     */
    public int replaceStored(Collection<TokenRecord> records, int defaultRate) {
        Map<String, Grant> next = new HashMap<>();
        for (TokenRecord r : records) {
            if (r.active()) {
                next.put(r.hash(), new Grant(r.id(), r.unit(), r.rate() == null ? defaultRate : r.rate()));
            }
        }
        stored = Map.copyOf(next);
        return next.size();
    }

    /** What the token may do, or empty for an unknown, revoked (or null) token. */
    public Optional<Grant> grantOf(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        String hash = hash(token);
        Grant grant = registered.get(hash);
        return Optional.ofNullable(grant != null ? grant : stored.get(hash));
    }

    /** The unit the token is scoped to, or empty for an unknown (or null) token. */
    public Optional<String> scopeOf(String token) {
        return grantOf(token).map(Grant::unitId);
    }

    /** Forgets a token registered in code (a stored one is revoked in the store); returns whether it was known. */
    public boolean revoke(String token) {
        return token != null && registered.remove(hash(token)) != null;
    }

    /** Tokens known: registered in code plus active ones from the store. */
    public int size() {
        return registered.size() + stored.size();
    }

    /** A token registered in code has no store id: it is named by the start of its hash, which reveals nothing. */
    private static String localId(String hash) {
        return "h_" + hash.substring(0, 10);
    }

    private static void checkUnit(String unitId) {
        if (unitId == null || unitId.isBlank()) {
            throw new IllegalArgumentException("a token must be scoped to a unit id, got " + (unitId == null ? "null" : "a blank string"));
        }
    }
}
