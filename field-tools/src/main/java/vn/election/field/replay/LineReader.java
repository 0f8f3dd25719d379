package vn.election.field.replay;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;

/**
 * Reads lines from a character stream like {@code BufferedReader.readLine}, but never holds more
 * than {@code maxChars} of one line: a file without line breaks (or a hostile one) costs a bounded
 * amount of memory, and the over-long line is skipped and flagged ({@link #lastLineTooLong()}).
 * Lines end at {@code \n}; a {@code \r} before it is dropped.
 */
final class LineReader implements Closeable {

    private final Reader in;
    private final int maxChars;
    private final char[] buffer = new char[64 * 1024];
    private final StringBuilder line = new StringBuilder(256);
    private int position;
    private int limit;
    private boolean tooLong;

    LineReader(Reader in, int maxChars) {
        this.in = in;
        this.maxChars = maxChars;
    }

    /** The next line without its line break, or null at the end of the stream. */
    String readLine() throws IOException {
        line.setLength(0);
        tooLong = false;
        boolean any = false;
        while (true) {
            if (position >= limit) {
                limit = in.read(buffer);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    if (!any) {
                        return null;
                    }
                    break;
                }
            }
            any = true;
            int start = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            append(start, position - start);
            if (position < limit) {
                position++;
                break;
            }
        }
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\r') {
            line.setLength(end - 1);
        }
        return line.toString();
    }

    /** True when the line last returned was longer than {@code maxChars}; what was returned is cut there. */
    boolean lastLineTooLong() {
        return tooLong;
    }

    private void append(int start, int length) {
        int room = maxChars - line.length();
        if (length > room) {
            tooLong = true;
            length = Math.max(room, 0);
        }
        line.append(buffer, start, length);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
