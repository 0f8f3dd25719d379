package vn.election.edge;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** What a server's bind address says about who can reach it: loopback only, or the network (docs/security.md). */
public final class BindAddress {

    private BindAddress() {
    }

    /** {@code localhost} or an address of the loopback range; a name that does not resolve is not (protect it). */
    public static boolean isLoopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
