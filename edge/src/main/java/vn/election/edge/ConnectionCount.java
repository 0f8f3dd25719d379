package vn.election.edge;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The open connections of one server, in total and per remote address, against its caps. Thread-safe. */
final class ConnectionCount {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionCount.class);

    private final EdgeConfig config;
    private final String server;
    private final AtomicInteger open = new AtomicInteger();
    private final ConcurrentHashMap<String, AtomicInteger> perAddress = new ConcurrentHashMap<>();
    private final LongAdder refused = new LongAdder();
    private final AtomicInteger refusalsLogged = new AtomicInteger();

    ConnectionCount(EdgeConfig config, String server) {
        this.config = config;
        this.server = server;
    }

    /** Counts a new connection from {@code address} if both caps allow it; false (nothing counted) otherwise. */
    boolean tryAdmit(String address) {
        int total;
        do {
            total = open.get();
            if (total >= config.maxConnections()) {
                return refuse(total, address);
            }
        } while (!open.compareAndSet(total, total + 1));
        int fromHere = perAddress.computeIfAbsent(address, a -> new AtomicInteger()).incrementAndGet();
        if (fromHere > config.maxConnectionsPerAddress()) {
            release(address);
            return refuse(total, address);
        }
        return true;
    }

    private boolean refuse(int total, String address) {
        refused.increment();
        // One line per thousand refusals: a flood must not become a flood of log lines.
        if (refusalsLogged.getAndIncrement() % 1000 == 0) {
            AtomicInteger fromHere = perAddress.get(address);
            LOG.warn("{}: refusing connections over the cap ({} open of {}, {} from {} of {} per address); {} refused so far",
                    server, total, config.maxConnections(), fromHere == null ? 0 : fromHere.get(), address,
                    config.maxConnectionsPerAddress(), refused.sum());
        }
        return false;
    }

    void release(String address) {
        open.decrementAndGet();
        perAddress.computeIfPresent(address, (a, n) -> n.decrementAndGet() <= 0 ? null : n);
    }

    int open() {
        return open.get();
    }

    long refused() {
        return refused.sum();
    }
}
