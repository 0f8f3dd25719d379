package vn.election.model.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IsoTimeTest {

    @ParameterizedTest
    @ValueSource(strings = {"2021-05-23T09:00:00+07:00", "2021-05-23T09:00:00Z", "2021-05-23T09:00:00.5+07:00",
            "2021-05-23T09:00:00.123456789-03:30", "2024-02-29T23:59:59+14:00", "1969-12-31T23:59:59.999Z",
            "0001-01-01T00:00:00+18:00", "9999-12-31T23:59:59-18:00", "2021-05-23T09:00:00-00:00",
            // not the fast path's shape, still the JDK's answer
            "2021-05-23T09:00+07:00", "2021-05-23t09:00:00z", "2021-05-23T09:00:00+07:00:30", "+12021-05-23T09:00:00Z",
            "2021-05-23T09:00:00.+07:00", "0000-01-01T00:00:00Z"})
    void readsWhatTheJdkReads(String text) {
        OffsetDateTime jdk = OffsetDateTime.parse(text);
        assertThat(IsoTime.parse(text)).isEqualTo(jdk);
        assertThat(IsoTime.instant(text)).isEqualTo(jdk.toInstant());
        assertThat(IsoTime.epochMillis(text)).isEqualTo(jdk.toInstant().toEpochMilli());
        assertThat(IsoTime.offsetSeconds(text)).isEqualTo(jdk.getOffset().getTotalSeconds());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2021-02-29T09:00:00+07:00", "2021-04-31T09:00:00+07:00", "2021-05-23T24:00:00+07:00",
            "2021-05-23T09:60:00+07:00", "2021-05-23T09:00:60+07:00", "2021-13-23T09:00:00+07:00",
            "2021-05-23T09:00:00+19:00", "2021-05-23T09:00:00+18:01", "2021-05-23T09:00:00.1234567890+07:00", "2021-05-23T09:00:00", "2021-05-23 09:00:00+07:00",
            "2021-0a-23T09:00:00+07:00", "2021-05-23T09:00:00+0700", ""})
    void refusesWhatTheJdkRefuses(String text) {
        assertThatThrownBy(() -> OffsetDateTime.parse(text)).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> IsoTime.parse(text)).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> IsoTime.epochMillis(text)).isInstanceOf(DateTimeParseException.class);
    }

    @Test
    void agreesWithTheJdkOnRandomTimesAndTheirMutations() {
        Random random = new Random(20210523);
        for (int i = 0; i < 200_000; i++) {
            long second = random.nextLong(-62_135_596_800L + 86_400, 253_402_300_799L - 86_400);
            int nanos = switch (random.nextInt(4)) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                default -> random.nextInt(1_000_000_000);
            };
            int offset = random.nextBoolean() ? 7 * 3600 : (random.nextInt(36 * 4 + 1) - 72) * 15 * 60;
            Instant instant = Instant.ofEpochSecond(second, nanos);
            String jdkText = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(instant.atOffset(ZoneOffset.ofTotalSeconds(offset)));
            assertThat(IsoTime.format(instant, offset)).as("format of %s at %d", instant, offset).isEqualTo(jdkText);
            assertThat(IsoTime.parse(jdkText)).as(jdkText).isEqualTo(OffsetDateTime.parse(jdkText));
            String mutated = mutate(jdkText, random);
            OffsetDateTime expected;
            try {
                expected = OffsetDateTime.parse(mutated);
            } catch (DateTimeParseException e) {
                assertThatThrownBy(() -> IsoTime.parse(mutated)).as(mutated).isInstanceOf(DateTimeParseException.class);
                continue;
            }
            assertThat(IsoTime.parse(mutated)).as(mutated).isEqualTo(expected);
            assertThat(IsoTime.epochMillis(mutated)).as(mutated).isEqualTo(expected.toInstant().toEpochMilli());
        }
    }

    /** One character changed to a digit or a separator, or one removed: mostly still-plausible texts. */
    private static String mutate(String text, Random random) {
        int at = random.nextInt(text.length());
        String pool = "0123456789-:+TZ.9";
        if (random.nextInt(5) == 0) {
            return text.substring(0, at) + text.substring(at + 1);
        }
        return text.substring(0, at) + pool.charAt(random.nextInt(pool.length())) + text.substring(at + 1);
    }
}
