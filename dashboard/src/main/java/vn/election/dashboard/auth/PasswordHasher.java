package vn.election.dashboard.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** Hashes dashboard passwords with bcrypt (at.favre.lib:bcrypt) and checks a password against a stored hash. */
public final class PasswordHasher {

    /** The cost for production hashes: about a quarter of a second per check on a server core. */
    public static final int DEFAULT_COST = 12;
    /** bcrypt reads at most 72 bytes; longer passwords are refused rather than silently cut. */
    public static final int MAX_PASSWORD_BYTES = 72;
    public static final int MIN_PASSWORD_CHARS = 10;
    private static final Pattern HASH = Pattern.compile("\\$2[aby]\\$(0[4-9]|[12][0-9]|3[01])\\$[./A-Za-z0-9]{53}");

    private PasswordHasher() {
    }

    /** A new salted hash ({@code $2a$<cost>$...}) of the password; refuses one bcrypt could not take whole. */
    public static String hash(String password, int cost) {
        if (password == null || password.codePointCount(0, password.length()) < MIN_PASSWORD_CHARS) {
            throw new IllegalArgumentException("a password needs at least " + MIN_PASSWORD_CHARS + " characters");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            throw new IllegalArgumentException("a password may have at most " + MAX_PASSWORD_BYTES + " bytes in UTF-8");
        }
        if (cost < BCrypt.MIN_COST || cost > BCrypt.MAX_COST) {
            throw new IllegalArgumentException("bcrypt cost must be " + BCrypt.MIN_COST + ".." + BCrypt.MAX_COST + ", got " + cost);
        }
        return BCrypt.withDefaults().hashToString(cost, password.toCharArray());
    }

    /**
     * True when the password matches the hash. Always does the full bcrypt work, also for a password
     * too long to be valid, so the answer's time says nothing about why it failed.
     */
    public static boolean verify(String password, String hash) {
        byte[] pw = (password == null ? "" : password).getBytes(StandardCharsets.UTF_8);
        boolean tooLong = pw.length > MAX_PASSWORD_BYTES;
        if (tooLong) {
            pw = java.util.Arrays.copyOf(pw, MAX_PASSWORD_BYTES);
        }
        boolean ok = BCrypt.verifyer().verify(pw, hash.getBytes(StandardCharsets.US_ASCII)).verified;
        return ok && !tooLong;
    }

    /** True for text shaped like a bcrypt hash ({@code $2a$}, {@code $2b$} or {@code $2y$}, cost 4..31). */
    public static boolean looksLikeHash(String text) {
        return text != null && HASH.matcher(text).matches();
    }

    /** The cost written in a bcrypt hash. */
    public static int costOf(String hash) {
        return Integer.parseInt(hash.substring(4, 6));
    }
}
