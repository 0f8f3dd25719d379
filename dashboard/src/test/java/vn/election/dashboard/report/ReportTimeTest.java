package vn.election.dashboard.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReportTimeTest {

    private static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");
    private static final LocalDate DAY = LocalDate.of(2021, 5, 23);

    @Test
    void aTimeOfDayIsOnTheElectionDayInTheDashboardsZone() {
        assertThat(ReportTime.parse("17:00", ZONE).on(DAY, ZONE).toOffsetDateTime())
                .isEqualTo(OffsetDateTime.parse("2021-05-23T17:00+07:00"));
        assertThat(ReportTime.parse(" 9:30 ", ZONE).timeOfDay()).isEqualTo(LocalTime.of(9, 30));
        assertThat(ReportTime.parse("17:00:30", ZONE).timeOfDay()).isEqualTo(LocalTime.of(17, 0, 30));
    }

    @Test
    void aDateTimeIsTakenAsGivenWithOrWithoutAnOffset() {
        assertThat(ReportTime.parse("2021-05-23T17:00", ZONE).on(DAY.plusDays(3), ZONE).toOffsetDateTime())
                .isEqualTo(OffsetDateTime.parse("2021-05-23T17:00+07:00"));
        assertThat(ReportTime.parse("2021-05-23T10:00Z", ZONE).on(DAY, ZONE).toOffsetDateTime())
                .isEqualTo(OffsetDateTime.parse("2021-05-23T17:00+07:00"));
        assertThat(ReportTime.parse("2021-05-23T17:00:00+07:00", ZONE).on(DAY, ZONE).toOffsetDateTime())
                .isEqualTo(OffsetDateTime.parse("2021-05-23T17:00+07:00"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"25:00", "17", "17h", "99:99", "24:00", "yesterday", "17:00;DROP", "2021-02-30T17:00",
        "2021-05-23T17:00+25:00", "-999999999-01-01T00:00"})
    void aBadTimeIsRefusedNamingTheFieldWhatIsAllowedAndWhatCame(String raw) {
        assertThatThrownBy(() -> ReportTime.parse(raw, ZONE)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("at must be")
                .hasMessageContaining("got '" + raw + "'");
    }

    @Test
    void anAbsurdYearOrAHugeValueIsRefusedAndEchoedShort() {
        assertThatThrownBy(() -> ReportTime.parse("9999-05-23T17:00", ZONE))
                .hasMessage("at must be between 1970 and 2100, got '9999-05-23T17:00'");
        String huge = "1".repeat(100_000);
        assertThatThrownBy(() -> ReportTime.parse(huge, ZONE)).hasMessageEndingWith("got '" + "1".repeat(40) + "...'");
    }
}
