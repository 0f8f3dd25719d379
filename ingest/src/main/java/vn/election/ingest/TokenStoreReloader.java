package vn.election.ingest;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.election.model.registry.Registry;

/**
 * Keeps {@link IngestTokens} in step with the token store file: loads it at start, then looks at the
 * file's size, modification time and identity every interval and re-reads it when one changed, so a
 * token made or revoked with {@code election-day token} counts without a restart.
 *
 * <p>A missing file is an empty store (every stored token stops working). A broken file is refused
 * at start; later, a broken version is logged and the previous tokens stay in force until the file
 * is readable again, because one bad hand edit should not lock every reporting unit out.
 */
final class TokenStoreReloader {

    private static final Logger LOG = LoggerFactory.getLogger(TokenStoreReloader.class);

    private final Vertx vertx;
    private final Path file;
    private final IngestTokens tokens;
    private final Registry registry;
    private final int defaultRate;
    private final AtomicBoolean checking = new AtomicBoolean();
    private volatile Object lastSeen;
    private volatile long timerId = -1;

    TokenStoreReloader(Vertx vertx, Path file, IngestTokens tokens, Registry registry, int defaultRate) {
        this.vertx = vertx;
        this.file = Objects.requireNonNull(file, "file");
        this.tokens = tokens;
        this.registry = registry;
        this.defaultRate = defaultRate;
    }

    /** Loads the file now (failing on a broken one), then re-checks every {@code interval}. */
    Future<Void> start(Duration interval) {
        return vertx.executeBlocking(() -> {
            Object seen = fingerprint();
            int active = load();
            lastSeen = seen;
            LOG.info("Token store {}: {} active tokens{}; re-checked every {} ms", file, active,
                    seen == null ? " (no file yet)" : "", interval.toMillis());
            return null;
        }, false).onSuccess(v -> timerId = vertx.setPeriodic(interval.toMillis(), id -> checkNow())).mapEmpty();
    }

    /** Re-reads the file if it changed since the last look; completes with whether it was re-read. */
    Future<Boolean> checkNow() {
        if (!checking.compareAndSet(false, true)) {
            return Future.succeededFuture(false);
        }
        return vertx.executeBlocking(() -> {
            Object seen = fingerprint();
            if (Objects.equals(seen, lastSeen)) {
                return false;
            }
            try {
                int active = load();
                LOG.info("Token store {} changed: {} active tokens", file, active);
            } catch (TokenStore.TokenStoreException e) {
                LOG.error("Token store not reloaded, the previous tokens stay in force: {}", e.getMessage());
            }
            // Remembered even when broken: the error is logged once per version, not every interval.
            lastSeen = seen;
            return true;
        }, false).andThen(ar -> checking.set(false));
    }

    void stop() {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }

    private int load() {
        List<TokenRecord> usable = new ArrayList<>();
        for (TokenRecord r : TokenStore.read(file)) {
            if (registry.find(r.unit()).isEmpty()) {
                // The store may serve several registries over time; a token for another one is just inert here.
                LOG.warn("Token store {}: token {} is for unit {}, which this registry does not have; ignored",
                        file, r.id(), r.unit());
            } else {
                usable.add(r);
            }
        }
        return tokens.replaceStored(usable, defaultRate);
    }

    /** Size, modification time and file key (the inode, which an atomic rewrite changes); null when missing. */
    private Object fingerprint() {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return List.of(a.size(), a.lastModifiedTime(), String.valueOf(a.fileKey()));
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            return "unreadable: " + e.getMessage();
        }
    }
}
