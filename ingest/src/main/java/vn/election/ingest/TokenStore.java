package vn.election.ingest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The token store file: one {@link TokenRecord} per line as JSON (hashes only, never a token); makes
 * tokens (appending a line), revokes them (rewriting the file atomically) and reads the file back.
 * Writers take a lock on a sidecar {@code .lock} file, so two commands at once do not lose a line.
 */
public final class TokenStore {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path file;
    private final Clock clock;

    /** A token just made: the record stored and the token itself, which is never stored. */
    public record Created(TokenRecord record, String token) {
        @Override
        public String toString() {
            // The token stays out of logs and assertion messages.
            return "Created[" + record + "]";
        }
    }

    public TokenStore(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    public Path file() {
        return file;
    }

    /**
     * Every record in the file, in file order; a missing file is an empty store. Blank lines are
     * skipped; a broken line fails the whole read with a message naming the file and the line.
     */
    public List<TokenRecord> read() {
        return read(file);
    }

    /** {@link #read()} of any file. */
    public static List<TokenRecord> read(Path file) {
        List<TokenRecord> records = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int lineNumber = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                TokenRecord r;
                try {
                    r = TokenRecord.fromJsonLine(line);
                } catch (IllegalArgumentException e) {
                    throw new TokenStoreException(file + " line " + lineNumber + ": " + e.getMessage());
                }
                if (!ids.add(r.id())) {
                    throw new TokenStoreException(file + " line " + lineNumber + ": token id " + r.id() + " appears twice");
                }
                records.add(r);
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException | UncheckedIOException e) {
            throw new TokenStoreException(file + ": cannot read the token store (" + e.getMessage() + ")");
        }
        return records;
    }

    /**
     * Makes a fresh token for {@code unit} and appends its record; the caller checks that the unit
     * exists. {@code rate} null means ingest's default.
     */
    public Created create(String unit, String label, Integer rate) {
        if (rate != null && rate < 1) {
            throw new IllegalArgumentException("rate must be at least 1 reading per second, got " + rate);
        }
        if (label != null && label.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("label may not hold control characters or line breaks");
        }
        return locked(() -> {
            Set<String> ids = new HashSet<>();
            read().forEach(r -> ids.add(r.id()));
            String id;
            do {
                id = newId();
            } while (ids.contains(id));
            String token = IngestTokens.newToken();
            TokenRecord record = new TokenRecord(id, IngestTokens.hash(token), unit, label,
                    clock.instant().truncatedTo(ChronoUnit.SECONDS), null, rate);
            try {
                createFileIfMissing();
                Files.writeString(file, record.toJsonLine() + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new TokenStoreException(file + ": cannot write the token store (" + e.getMessage() + ")");
            }
            return new Created(record, token);
        });
    }

    /**
     * Marks token {@code id} revoked and rewrites the file (write a temporary file, then move it over
     * the store, so a reader never sees half a file); empty when no token has that id. Revoking a
     * revoked token changes nothing and returns it.
     */
    public Optional<TokenRecord> revoke(String id) {
        return locked(() -> {
            List<TokenRecord> records = read();
            Optional<TokenRecord> found = records.stream().filter(r -> r.id().equals(id)).findFirst();
            if (found.isEmpty() || !found.get().active()) {
                return found;
            }
            TokenRecord revoked = found.get().revokedAt(clock.instant().truncatedTo(ChronoUnit.SECONDS));
            StringBuilder text = new StringBuilder();
            for (TokenRecord r : records) {
                text.append(r.id().equals(id) ? revoked.toJsonLine() : r.toJsonLine()).append('\n');
            }
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            try {
                Files.writeString(temp, text, StandardCharsets.UTF_8);
                ownerOnly(temp);
                try {
                    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (IOException e) {
                throw new TokenStoreException(file + ": cannot rewrite the token store (" + e.getMessage() + ")");
            }
            return Optional.of(revoked);
        });
    }

    private interface Action<T> {
        T run();
    }

    private <T> T locked(Action<T> action) {
        Path lock = file.resolveSibling(file.getFileName() + ".lock");
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                return action.run();
            }
        } catch (IOException e) {
            throw new TokenStoreException(file + ": cannot lock the token store (" + e.getMessage() + ")");
        }
    }

    private void createFileIfMissing() throws IOException {
        if (!Files.exists(file)) {
            Files.createFile(file);
            ownerOnly(file);
        }
    }

    /** Hashes only, but still nobody else's business: owner read/write where the file system has POSIX modes. */
    private static void ownerOnly(Path path) {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException e) {
            // Not a POSIX file system: the directory's protection is what there is.
        }
    }

    private static String newId() {
        byte[] bytes = new byte[5];
        RANDOM.nextBytes(bytes);
        return "t_" + HexFormat.of().formatHex(bytes);
    }


    /** A store that cannot be read or written, or a broken line; the message names the file and the line. */
    public static final class TokenStoreException extends RuntimeException {
        public TokenStoreException(String message) {
            super(message);
        }
    }
}
