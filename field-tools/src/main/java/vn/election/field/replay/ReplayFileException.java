package vn.election.field.replay;

import java.io.IOException;

/** The replay file cannot be read at all (missing, a directory, unreadable, an unknown format, a wrong CSV header). */
public final class ReplayFileException extends IOException {

    public ReplayFileException(String message) {
        super(message);
    }

    public ReplayFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
