package vn.election.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A real Vert.x server behind the guard, attacked over real sockets: caps, slow heads, slow bodies, forged Host, websockets kept. */
class ConnectionGuardIT {

    private static final String ATTACKER = "127.0.0.2";

    private Vertx vertx;
    private HttpServer server;
    private ConnectionGuard guard;
    private int port;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        EdgeConfig config = EdgeConfig.defaults("127.0.0.1").withConnections(40, 10)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(3));
        guard = new ConnectionGuard(vertx, config, "test");
        server = guard.install(vertx.createHttpServer(ConnectionGuard.options()), request -> {
            if (request.path().equals("/ws")) {
                request.toWebSocket().onSuccess(ws -> {
                    guard.upgraded(request);
                    ws.textMessageHandler(text -> ws.writeTextMessage("echo " + text));
                });
            } else if (request.method().name().equals("POST")) {
                request.body().onSuccess(b -> request.response().end("got " + b.length()));
            } else {
                request.response().end("ok");
            }
        }).listen(0, "0.0.0.0").await(10, TimeUnit.SECONDS);
        port = server.actualPort();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void connectionsOverTheCapsAreClosedAtOnceAndOthersAreStillServed() throws Exception {
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < 10; i++) {
                held.add(connect(ATTACKER));
            }
            waitFor(() -> guard.open() == 10);
            // The eleventh from the same address is closed by the server before it can send anything.
            try (Socket extra = connect(ATTACKER)) {
                assertThat(readAll(extra, Duration.ofSeconds(5))).isEmpty();
            }
            assertThat(guard.refused()).isEqualTo(1);
            // Another address is still served.
            assertThat(get("127.0.0.1", "localhost:" + port)).startsWith("HTTP/1.1 200");
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void aFloodOfConnectionsNeverHoldsMoreThanTheTotalCap() throws Exception {
        List<Socket> held = new ArrayList<>();
        int maxOpen = 0;
        try {
            // From four addresses, ten each fits the per-address cap; the total cap of 40 then holds.
            for (int i = 0; i < 2_000; i++) {
                try {
                    held.add(connect("127.0.0." + (2 + i % 8)));
                } catch (IOException e) {
                    // a refused connect is what the flood may get; counted by the cap assertions below
                }
                maxOpen = Math.max(maxOpen, guard.open());
            }
            // Accepted by the kernel, the rest reach the guard a moment later: every one is refused or admitted.
            waitFor(() -> guard.refused() + guard.open() >= 2_000);
            maxOpen = Math.max(maxOpen, guard.open());
            System.out.printf("flood of 2,000 connections: at most %d open, %d refused%n", maxOpen, guard.refused());
            // Counted on the acceptor's one thread: never a connection over the cap, even for a moment.
            assertThat(maxOpen).isLessThanOrEqualTo(40);
            assertThat(guard.open()).isEqualTo(40);
            assertThat(guard.refused()).isEqualTo(2_000 - 40);
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
        waitFor(() -> guard.open() == 0);
        assertThat(get("127.0.0.1", "127.0.0.1:" + port)).startsWith("HTTP/1.1 200");
    }

    @Test
    void aSlowRequestHeadIsCutAfterTheHeaderTimeout() throws Exception {
        try (Socket slow = connect(ATTACKER)) {
            OutputStream out = slow.getOutputStream();
            out.write("GET / HTTP/1.1\r\nHost: localhost\r\n".getBytes(StandardCharsets.US_ASCII));
            long start = System.nanoTime();
            boolean cut = false;
            for (int i = 0; i < 20 && !cut; i++) {
                try {
                    out.write(("X-Slow-" + i + ": 1\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    Thread.sleep(500);
                } catch (IOException e) {
                    cut = true;
                }
                cut = cut || guard.timedOut() > 0;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("slow head cut after %.1f s%n", seconds);
            assertThat(guard.timedOut()).isEqualTo(1);
            assertThat(seconds).isLessThan(10);
        }
    }

    @Test
    void anIdleConnectionIsClosedAfterTheHeaderTimeout() throws Exception {
        try (Socket idle = connect(ATTACKER)) {
            assertThat(readAll(idle, Duration.ofSeconds(8))).isEmpty();
            assertThat(guard.timedOut()).isEqualTo(1);
        }
    }

    @Test
    void aSlowBodyIsCutAfterTheRequestTimeout() throws Exception {
        try (Socket slow = connect(ATTACKER)) {
            OutputStream out = slow.getOutputStream();
            out.write(("POST /readings HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1000\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            boolean cut = false;
            for (int i = 0; i < 40 && !cut; i++) {
                try {
                    out.write('x');
                    out.flush();
                    Thread.sleep(250);
                } catch (IOException e) {
                    cut = true;
                }
                cut = cut || guard.timedOut() > 0;
            }
            assertThat(guard.timedOut()).isEqualTo(1);
        }
    }

    @Test
    void aForeignHostIsAnswered421AndLoopbackNamesAreServed() throws Exception {
        String refused = get("127.0.0.1", "evil.example:" + port);
        assertThat(refused).startsWith("HTTP/1.1 421").contains("\"field\":\"Host\"").contains("evil.example");
        assertThat(get("127.0.0.1", "localhost:" + port)).startsWith("HTTP/1.1 200");
        assertThat(get("127.0.0.1", "[::1]:" + port)).startsWith("HTTP/1.1 200");
        assertThat(get("127.0.0.1", "LOCALHOST.")).startsWith("HTTP/1.1 200");
        assertThat(get("127.0.0.1", null)).startsWith("HTTP/1.1 421");
        assertThat(guard.misdirected()).isEqualTo(2);
    }

    @Test
    void aWebsocketOutlivesTheRequestTimeoutOnceUpgraded() throws Exception {
        try (Socket ws = connect("127.0.0.1")) {
            ws.setSoTimeout(10_000);
            OutputStream out = ws.getOutputStream();
            out.write(("GET /ws HTTP/1.1\r\nHost: localhost:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String head = readHead(ws.getInputStream());
            assertThat(head).startsWith("HTTP/1.1 101");
            Thread.sleep(5_000); // past both deadlines
            out.write(maskedText("hi"));
            out.flush();
            byte[] frame = ws.getInputStream().readNBytes(2 + "echo hi".length());
            assertThat(new String(frame, 2, frame.length - 2, StandardCharsets.UTF_8)).isEqualTo("echo hi");
            assertThat(guard.timedOut()).isZero();
        }
    }

    private Socket connect(String from) throws IOException {
        Socket s = new Socket();
        try {
            s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            s.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            return s;
        } catch (IOException e) {
            s.close(); // a failed connect still holds a descriptor until closed
            throw e;
        }
    }

    private String get(String from, String host) throws IOException {
        try (Socket s = connect(from)) {
            String request = "GET / HTTP/1.1\r\n" + (host == null ? "" : "Host: " + host + "\r\n") + "Connection: close\r\n\r\n";
            s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return new String(readAll(s, Duration.ofSeconds(5)), StandardCharsets.UTF_8);
        }
    }

    private static byte[] readAll(Socket s, Duration timeout) throws IOException {
        s.setSoTimeout((int) timeout.toMillis());
        try {
            return s.getInputStream().readAllBytes();
        } catch (SocketTimeoutException e) {
            return "(still open)".getBytes(StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return new byte[0]; // reset by the server: closed
        }
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            head.append((char) c);
        }
        return head.toString();
    }

    private static byte[] maskedText(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        byte[] mask = {1, 2, 3, 4};
        byte[] frame = new byte[6 + payload.length];
        frame[0] = (byte) 0x81;
        frame[1] = (byte) (0x80 | payload.length);
        System.arraycopy(mask, 0, frame, 2, 4);
        for (int i = 0; i < payload.length; i++) {
            frame[6 + i] = (byte) (payload[i] ^ mask[i % 4]);
        }
        return frame;
    }

    /** Up to a minute: on a loaded machine the 2,000 accepted connections reach the guard slowly (10 s was short). */
    private static void waitFor(java.util.function.BooleanSupplier condition) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(condition::getAsBoolean);
    }
}
