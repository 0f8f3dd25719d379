package vn.election.delivery;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;

/**
 * A real HTTP webhook receiver on a free loopback port for the tests: records every request (headers,
 * body, arrival time) and answers with the status a policy gives for (webhook-id, attempt number of that id).
 */
final class TestReceiver implements AutoCloseable {

    /** One request as received, and the status it was answered with. */
    record Request(String id, String timestamp, String signature, byte[] body, long arrivedMillis, int status) {
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> attempts = new ConcurrentHashMap<>();
    private volatile BiFunction<String, Integer, Integer> policy = (id, n) -> 204;

    TestReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            int n = attempts.merge(String.valueOf(id), 1, Integer::sum);
            int status = policy.apply(id, n);
            requests.add(new Request(id, exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                    exchange.getRequestHeaders().getFirst("webhook-signature"), body, System.currentTimeMillis(), status));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/alerts");
    }

    /** Sets the status answered for (webhook-id, n-th attempt of that id, from 1). */
    void answer(BiFunction<String, Integer, Integer> policy) {
        this.policy = policy;
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    List<Request> accepted() {
        return requests.stream().filter(r -> r.status() / 100 == 2).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
