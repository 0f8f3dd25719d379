package vn.election.edge;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/** The edge's meters in a server's registry: {@code <server>.connections.open}, {@code .refused}, {@code .timed.out}, {@code .misdirected}. */
public final class EdgeMeters {

    private EdgeMeters() {
    }

    public static void register(MeterRegistry registry, String server, ConnectionGuard guard) {
        Gauge.builder(server + ".connections.open", guard, ConnectionGuard::open)
                .description("HTTP connections open (websockets included)").register(registry);
        Gauge.builder(server + ".connections.max", guard, g -> g.config().maxConnections())
                .description("The cap on open HTTP connections").register(registry);
        FunctionCounter.builder(server + ".connections.refused", guard, ConnectionGuard::refused)
                .description("Connections closed at once: the server or the remote address held its cap").register(registry);
        FunctionCounter.builder(server + ".connections.timed.out", guard, ConnectionGuard::timedOut)
                .description("Connections closed for a request head or a request not complete in time").register(registry);
        FunctionCounter.builder(server + ".requests.misdirected", guard, ConnectionGuard::misdirected)
                .description("Requests answered 421: a Host name the server does not answer to").register(registry);
    }
}
