package vn.election.launcher.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free TCP ports on loopback for the child processes, chosen below the kernel's range of ephemeral ports
 * (32768-60999 on Linux): a port the kernel handed out for probing (port 0) could be given to an outgoing
 * connection before the child binds it, which failed a Kafka node's start in CI ("Address already in use").
 */
final class FreePorts {

    private static final int FIRST = 20_000;
    private static final int LAST = 32_767;

    private FreePorts() {
    }

    static int[] take(int n) {
        int[] ports = new int[n];
        int found = 0;
        int span = LAST - FIRST + 1;
        int start = ThreadLocalRandom.current().nextInt(span);
        for (int i = 0; i < span && found < n; i++) {
            int port = FIRST + (start + i) % span;
            if (bindable(port)) {
                ports[found++] = port;
            }
        }
        if (found < n) {
            throw new UncheckedIOException(new IOException("fewer than " + n + " free ports on loopback in " + FIRST + ".." + LAST));
        }
        return ports;
    }

    private static boolean bindable(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
