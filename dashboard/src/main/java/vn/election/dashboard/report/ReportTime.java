package vn.election.dashboard.report;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * The {@code at} of a report request: a time of day on the election day ({@code 17:00}, local time in the
 * dashboard's zone) or a whole date-time ({@code 2021-05-23T17:00}, with or without an offset).
 */
public record ReportTime(LocalTime timeOfDay, ZonedDateTime dateTime) {

    private static final Pattern TIME_OF_DAY = Pattern.compile("[0-9]{1,2}:[0-9]{2}(:[0-9]{2})?");
    private static final int MIN_YEAR = 1970;
    private static final int MAX_YEAR = 2100;

    /**
     * Parses {@code raw}; throws {@link IllegalArgumentException} with a message naming the field, what is
     * allowed and what came (at most 40 characters of it).
     */
    public static ReportTime parse(String raw, ZoneId zone) {
        String text = raw.strip();
        try {
            if (TIME_OF_DAY.matcher(text).matches()) {
                return new ReportTime(LocalTime.parse(text.indexOf(':') == 1 ? "0" + text : text), null);
            }
            if (text.length() <= 40) {
                ZonedDateTime at = text.matches(".*([+-][0-9]{2}:?[0-9]{2}|Z)$") && text.indexOf('T') > 0
                        ? OffsetDateTime.parse(text).atZoneSameInstant(zone)
                        : LocalDateTime.parse(text).atZone(zone);
                if (at.getYear() < MIN_YEAR || at.getYear() > MAX_YEAR) {
                    throw new IllegalArgumentException("at must be between " + MIN_YEAR + " and " + MAX_YEAR + ", got '"
                            + shown(raw) + "'");
                }
                return new ReportTime(null, at);
            }
        } catch (DateTimeParseException e) {
            // answered below with what is allowed
        } catch (DateTimeException e) {
            // an offset or date outside what java.time takes: as badly formed
        }
        throw new IllegalArgumentException("at must be a time of day HH:mm on the election day (" + zone.getId()
                + ") or a date-time such as 2021-05-23T17:00 or 2021-05-23T17:00+07:00, got '" + shown(raw) + "'");
    }

    /** The moment asked for: the time of day on {@code electionDay}, or the date-time given. */
    public ZonedDateTime on(LocalDate electionDay, ZoneId zone) {
        return dateTime != null ? dateTime : electionDay.atTime(timeOfDay).atZone(zone);
    }

    /** A value as it may be echoed in an error: at most 40 characters. */
    static String shown(String raw) {
        return raw == null ? "" : raw.length() > 40 ? raw.substring(0, 40) + "..." : raw;
    }
}
