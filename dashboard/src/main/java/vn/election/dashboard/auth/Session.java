package vn.election.dashboard.auth;

import java.time.Instant;

/**
 * A signed-in user as the session cookie carries it: who, which unit's subtree they may see, and the
 * cookie's lifetime; the server keeps nothing of it (docs/design.md, decision 7).
 */
public record Session(String name, String unit, String role, Instant issuedAt, Instant expiresAt) {
}
