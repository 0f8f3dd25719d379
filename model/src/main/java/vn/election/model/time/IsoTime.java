package vn.election.model.time;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.OffsetDateTime;
import java.time.Year;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * ISO-8601 date-times with an offset ({@code 2021-05-23T09:00:00+07:00}), read and written as
 * {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME} does, without its cost on the common shape. Every reading
 * and unit snapshot carries one, and the JDK's general parser was a tenth of the whole system's samples at
 * 20,000 readings/s (docs/bench/profile-latency.txt). A text the fast path is not sure of goes to the JDK, so
 * what is accepted, what is refused and the result are the JDK's, always.
 */
public final class IsoTime {

    private static final int SECONDS_PER_DAY = 86_400;

    private IsoTime() {
    }

    /** Reads {@code text}; throws {@link DateTimeParseException} as {@link OffsetDateTime#parse} does. */
    public static OffsetDateTime parse(CharSequence text) {
        long packed = fast(text);
        if (packed == NOT_FAST) {
            return OffsetDateTime.parse(text);
        }
        return Instant.ofEpochSecond(epochSecond(packed), nanos(text))
                .atOffset(ZoneOffset.ofTotalSeconds(offsetSeconds(packed)));
    }

    /** The instant {@code text} names; throws {@link DateTimeParseException} as {@link OffsetDateTime#parse} does. */
    public static Instant instant(CharSequence text) {
        long packed = fast(text);
        if (packed == NOT_FAST) {
            return OffsetDateTime.parse(text).toInstant();
        }
        return Instant.ofEpochSecond(epochSecond(packed), nanos(text));
    }

    /** Epoch milliseconds of {@code text}; throws {@link DateTimeParseException} as {@link OffsetDateTime#parse} does. */
    public static long epochMillis(CharSequence text) {
        long packed = fast(text);
        if (packed == NOT_FAST) {
            return OffsetDateTime.parse(text).toInstant().toEpochMilli();
        }
        return epochSecond(packed) * 1000 + nanos(text) / 1_000_000;
    }

    /** The offset in seconds {@code text} was written with; throws as {@link OffsetDateTime#parse} does. */
    public static int offsetSeconds(CharSequence text) {
        long packed = fast(text);
        return packed == NOT_FAST ? OffsetDateTime.parse(text).getOffset().getTotalSeconds() : offsetSeconds(packed);
    }

    /** {@code instant} at {@code offsetSeconds} as {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME} writes it. */
    public static String format(Instant instant, int offsetSeconds) {
        int nano = instant.getNano();
        long local = instant.getEpochSecond() + offsetSeconds;
        if (nano % 1_000_000 != 0 || offsetSeconds % 60 != 0 || local < -62_135_596_800L || local >= 253_402_300_800L) {
            // Sub-millisecond digits, second offsets and years outside 1..9999: rare, left to the JDK.
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(instant.atOffset(ZoneOffset.ofTotalSeconds(offsetSeconds)));
        }
        StringBuilder b = new StringBuilder(29);
        long day = Math.floorDiv(local, SECONDS_PER_DAY);
        int secondOfDay = (int) Math.floorMod(local, SECONDS_PER_DAY);
        appendDate(b, day);
        b.append('T');
        two(b, secondOfDay / 3600).append(':');
        two(b, secondOfDay / 60 % 60).append(':');
        two(b, secondOfDay % 60);
        if (nano != 0) {
            int millis = nano / 1_000_000;
            b.append('.').append((char) ('0' + millis / 100));
            if (millis % 100 != 0) {
                b.append((char) ('0' + millis / 10 % 10));
                if (millis % 10 != 0) {
                    b.append((char) ('0' + millis % 10));
                }
            }
        }
        if (offsetSeconds == 0) {
            return b.append('Z').toString();
        }
        int abs = Math.abs(offsetSeconds);
        b.append(offsetSeconds < 0 ? '-' : '+');
        two(b, abs / 3600).append(':');
        two(b, abs / 60 % 60);
        return b.toString();
    }

    // ---- the fast path: yyyy-MM-ddTHH:mm:ss[.fraction](Z|±HH:MM), everything in range -------------------

    /** Returned when the fast path declines; no packed result has this value (its offset bits are invalid). */
    private static final long NOT_FAST = Long.MIN_VALUE;

    /**
     * Epoch second (high bits) and offset in minutes + 1080 (low 12 bits) of {@code t}, or {@link #NOT_FAST}.
     * The fraction's digits are read again by {@link #nanos} (rare, and kept out of the packing).
     */
    private static long fast(CharSequence t) {
        int n = t.length();
        if (n < 20 || n > 35 || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != 'T'
                || t.charAt(13) != ':' || t.charAt(16) != ':') {
            return NOT_FAST;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 2);
        int day = digits(t, 8, 2);
        int hour = digits(t, 11, 2);
        int minute = digits(t, 14, 2);
        int second = digits(t, 17, 2);
        if ((year | month | day | hour | minute | second) < 0 || year < 1 || month < 1 || month > 12 || day < 1
                || day > Month.of(month).length(Year.isLeap(year)) || hour > 23 || minute > 59 || second > 59) {
            return NOT_FAST;
        }
        int i = 19;
        if (t.charAt(i) == '.') {
            int start = ++i;
            while (i < n && isDigit(t.charAt(i))) {
                i++;
            }
            if (i == start || i - start > 9) {
                return NOT_FAST;
            }
        }
        int offsetMinutes;
        if (i == n - 1 && t.charAt(i) == 'Z') {
            offsetMinutes = 0;
        } else if (i == n - 6 && (t.charAt(i) == '+' || t.charAt(i) == '-') && t.charAt(i + 3) == ':') {
            int oh = digits(t, i + 1, 2);
            int om = digits(t, i + 4, 2);
            if ((oh | om) < 0 || om > 59 || oh > 18 || (oh == 18 && om != 0)) {
                return NOT_FAST;
            }
            offsetMinutes = (t.charAt(i) == '-' ? -1 : 1) * (oh * 60 + om);
        } else {
            return NOT_FAST;
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        long epochSecond = epochDay * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second - offsetMinutes * 60L;
        return (epochSecond << 12) | (offsetMinutes + 1080);
    }

    private static long epochSecond(long packed) {
        return packed >> 12;
    }

    private static int offsetSeconds(long packed) {
        return ((int) (packed & 0xFFF) - 1080) * 60;
    }

    /** The fraction of a text the fast path accepted, in nanoseconds. */
    private static int nanos(CharSequence t) {
        if (t.charAt(19) != '.') {
            return 0;
        }
        int value = 0;
        int i = 20;
        int scale = 100_000_000;
        while (i < t.length() && isDigit(t.charAt(i))) {
            value += (t.charAt(i) - '0') * scale;
            scale /= 10;
            i++;
        }
        return value;
    }

    private static int digits(CharSequence t, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = t.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static void appendDate(StringBuilder b, long epochDay) {
        LocalDate d = LocalDate.ofEpochDay(epochDay);
        int y = d.getYear();
        b.append((char) ('0' + y / 1000)).append((char) ('0' + y / 100 % 10))
                .append((char) ('0' + y / 10 % 10)).append((char) ('0' + y % 10)).append('-');
        two(b, d.getMonthValue()).append('-');
        two(b, d.getDayOfMonth());
    }

    private static StringBuilder two(StringBuilder b, int v) {
        return b.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
    }
}
