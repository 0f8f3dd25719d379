package vn.election.jobs.functions.rules;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * How each language of the alerts writes figures: counts, decimals, percentages, and times as local
 * wall-clock time at the reporter's offset, with the date added when it is not the day the alert speaks of.
 */
enum Wording {

    ENGLISH(',', '.', DateTimeFormatter.ofPattern("d MMMM uuuu", Locale.ENGLISH), " on "),
    VIETNAMESE('.', ',', DateTimeFormatter.ofPattern("dd/MM/uuuu", Locale.ROOT), " ngày ");

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);

    private final char grouping;
    private final char decimalMark;
    private final DateTimeFormatter date;
    private final String onDate;

    Wording(char grouping, char decimalMark, DateTimeFormatter date, String onDate) {
        this.grouping = grouping;
        this.decimalMark = decimalMark;
        this.date = date;
        this.onDate = onDate;
    }

    /** A count with thousands grouped: {@code 1,234} / {@code 1.234}. */
    String count(long n) {
        return String.format(Locale.ROOT, "%,d", n).replace(',', grouping);
    }

    /** A decimal as measured: {@code 12.5} / {@code 12,5}. */
    String number(BigDecimal d) {
        return d == null ? "?" : d.toPlainString().replace('.', decimalMark);
    }

    /** {@code part} of {@code whole} in percent, rounded half-up to 2 decimals (docs/contract.md's turnout). */
    String percent(long part, long whole) {
        BigDecimal pct = whole <= 0 ? BigDecimal.ZERO.setScale(2)
                : BigDecimal.valueOf(part).multiply(BigDecimal.valueOf(100))
                        .divide(BigDecimal.valueOf(whole), 2, RoundingMode.HALF_UP);
        return number(pct);
    }

    /**
     * {@code millis} as the reporter's wall clock ({@code 09:15}), with the date when it is not the local day of
     * {@code speakingAt} ({@code 16:00 on 22 May 2021} / {@code 16:00 ngày 22/05/2021}): an area of the islands
     * that voted the day before is silent since yesterday, not since this afternoon.
     */
    String clock(long millis, int offsetSeconds, long speakingAt) {
        OffsetDateTime local = Instant.ofEpochMilli(millis).atOffset(ZoneOffset.ofTotalSeconds(offsetSeconds));
        OffsetDateTime now = Instant.ofEpochMilli(speakingAt).atOffset(ZoneOffset.ofTotalSeconds(offsetSeconds));
        String clock = CLOCK.format(local);
        return local.toLocalDate().equals(now.toLocalDate()) ? clock : clock + onDate + date.format(local);
    }
}
