package vn.election.edge;

import io.vertx.core.http.HttpClosedException;
import java.io.IOException;

/** Whether a route failed because the client hung up or reset the connection: nothing went wrong on the server. */
public final class ClientGone {

    private ClientGone() {
    }

    /**
     * True when {@code failure} or one of its causes is a closed connection or an I/O error of the socket
     * (Netty reports a reset mid-body as an {@link IOException}; a route's own failure is never an I/O one).
     */
    public static boolean is(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HttpClosedException || t instanceof IOException) {
                return true;
            }
        }
        return false;
    }
}
