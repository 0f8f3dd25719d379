package vn.election.dashboard;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 exchange over a plain socket with {@code Connection: close}, read to the end: the status,
 * the headers and every byte after them, so a test sees a body that a HEAD answer must not have (an HTTP
 * client library would stop reading after the headers of a HEAD answer and never show it).
 */
record RawReply(int status, Map<String, String> headers, byte[] body) {

    static RawReply of(int port, String method, String path) throws IOException {
        return exchange("127.0.0.1", port, method, path, null);
    }

    /**
     * The exchange from a socket bound to {@code localAddress} (any of 127/8 on Linux reaches the server on
     * 127.0.0.1), so the server sees that client address; a body is sent as JSON.
     */
    static RawReply exchange(String localAddress, int port, String method, String path, String body) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(localAddress, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int) Fixtures.WAIT.toMillis());
            if (!socket.getLocalAddress().getHostAddress().equals(localAddress)) {
                throw new IllegalStateException("socket bound to " + socket.getLocalAddress() + ", not " + localAddress);
            }
            socket.setSoTimeout((int) Fixtures.WAIT.toMillis());
            OutputStream out = socket.getOutputStream();
            byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            out.write((method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nAccept-Encoding: identity\r\nConnection: close\r\n"
                    + (body == null ? "" : "Content-Type: application/json\r\nContent-Length: " + content.length + "\r\n")
                    + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(content);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            return parse(all.toByteArray());
        }
    }

    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    private static RawReply parse(byte[] raw) {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new AssertionError("no complete HTTP head in: " + text);
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
        return new RawReply(status, headers, body);
    }
}
