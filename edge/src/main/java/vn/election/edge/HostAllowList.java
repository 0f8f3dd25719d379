package vn.election.edge;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.Collections;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The names a server answers to in the Host header, so a page on another name cannot reach it through a
 * rebound DNS name (docs/security.md): loopback names always, the bound address and, when bound to every
 * interface, this machine's own addresses; plus the public names it is configured with. The port is not
 * compared (proxies and port forwards change it; rebinding changes only the name).
 */
public final class HostAllowList {

    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "::1");

    private final Set<String> names;

    private HostAllowList(Set<String> names) {
        this.names = Collections.unmodifiableSet(names);
    }

    /**
     * @param bindHost the address the server listens on ({@code 0.0.0.0} or {@code ::} for every interface)
     * @param publicNames the other names clients use (a DNS name, a compose service name); may be empty
     */
    public static HostAllowList of(String bindHost, Collection<String> publicNames) {
        Set<String> names = new TreeSet<>(LOOPBACK);
        for (String name : publicNames) {
            String n = normalise(name);
            if (!n.isEmpty()) {
                names.add(n);
            }
        }
        String bind = normalise(bindHost);
        if (bind.equals("0.0.0.0") || bind.equals("::") || bind.isEmpty()) {
            names.addAll(localAddresses());
        } else {
            names.add(bind);
        }
        return new HostAllowList(names);
    }

    /** True when the Host header's name (port ignored) is one of the allowed names; false for a missing header. */
    public boolean allows(String hostHeader) {
        if (hostHeader == null || hostHeader.isBlank()) {
            return false;
        }
        return names.contains(nameOf(hostHeader));
    }

    /** The allowed names, for the start-up log and the error reply. */
    public Set<String> names() {
        return names;
    }

    /** The name part of a Host header: {@code [::1]:8080} gives {@code ::1}, {@code Example.org.:80} gives {@code example.org}. */
    static String nameOf(String hostHeader) {
        String h = hostHeader.strip();
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end < 0 ? normalise(h) : normalise(h.substring(1, end));
        }
        int colon = h.indexOf(':');
        // More than one colon without brackets is a bare IPv6 address, which a Host header may not carry; kept whole.
        if (colon >= 0 && h.indexOf(':', colon + 1) < 0) {
            h = h.substring(0, colon);
        }
        return normalise(h);
    }

    private static String normalise(String name) {
        String n = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        if (n.startsWith("[") && n.endsWith("]")) {
            n = n.substring(1, n.length() - 1);
        }
        // A trailing dot names the same host in DNS.
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    private static Set<String> localAddresses() {
        Set<String> out = new TreeSet<>();
        try {
            out.add(normalise(InetAddress.getLocalHost().getHostName()));
        } catch (UnknownHostException e) {
            // no host name: the addresses below still identify this machine
        }
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    String text = a.getHostAddress();
                    int zone = text.indexOf('%');
                    out.add(normalise(zone < 0 ? text : text.substring(0, zone)));
                }
            }
        } catch (SocketException e) {
            // no interface list: loopback and configured names only
        }
        return out;
    }
}
