package vn.election.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import vn.election.model.alert.Alert;

/** A websocket client that stops reading, and the large alerts that fill its socket: the slow-client tests' tools. */
final class StalledClient {

    private StalledClient() {
    }

    /** Completes the handshake with a tiny receive buffer, then never reads again. */
    static Socket open(int port) throws IOException {
        Socket s = new Socket();
        s.setReceiveBufferSize(4096);
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        String key = Base64.getEncoder().encodeToString("stalled-client-16".substring(0, 16).getBytes(StandardCharsets.US_ASCII));
        OutputStream out = s.getOutputStream();
        out.write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = s.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("server closed during the handshake: " + head);
            }
            head.append((char) b);
        }
        assertThat(head.toString()).startsWith("HTTP/1.1 101");
        return s;
    }

    /** {@code n} firing alerts of round {@code round} on the provinces, each with a 2,000-character message. */
    static List<Alert> bigAlerts(int round, int n) {
        List<Alert> out = new ArrayList<>();
        String padding = "x".repeat(2000);
        for (int i = 0; i < n; i++) {
            String started = "2021-05-23T09:" + String.format("%02d", i) + ":00+07:00";
            String unit = Fixtures.REGISTRY.children("VN").get(i % 6);
            out.add(new Alert(Alert.episodeId("flood-" + round, unit, started), "flood-" + round, "SURGE", unit, "province",
                    "warning", Alert.State.FIRING, BigDecimal.valueOf(round), BigDecimal.TEN, started, null, padding));
        }
        return out;
    }
}
