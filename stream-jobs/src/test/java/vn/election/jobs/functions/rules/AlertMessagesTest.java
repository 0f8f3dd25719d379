package vn.election.jobs.functions.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import vn.election.jobs.records.Finding;

/** Every kind's messages, in both languages, are written from the finding's values. */
class AlertMessagesTest {

    private static final int UTC_PLUS_7 = 25_200;

    private static long at(String hhmm) {
        return OffsetDateTime.parse("2021-05-23T" + hhmm + ":00+07:00").toInstant().toEpochMilli();
    }

    private static Finding found(String kind, String started, String value, String threshold, Finding.Figures g) {
        return Finding.found("r", kind, "X-1-a-1", "polling_area", at(started), UTC_PLUS_7, new BigDecimal(value),
                new BigDecimal(threshold), g);
    }

    @Test
    void aCounterDecreaseSaysItsCountsAndTimeInBothLanguages() {
        Finding f = found("COUNTER_DECREASE", "09:00", "1250", "1300", Finding.Figures.source("main", 1250, 1400, 1300));

        AlertMessages.Message m = AlertMessages.found(f, f.value(), at("09:00"), "X-1-a-1");

        assertThat(m.english()).isEqualTo("Source main of polling area X-1-a-1 went down from 1,400 to 1,250 voters"
                + " at 09:00, below both of its two previous counts (1,300 and 1,400).");
        assertThat(m.vietnamese()).isEqualTo("Nguồn main của khu vực bỏ phiếu X-1-a-1 giảm từ 1.400 xuống 1.250 cử tri"
                + " lúc 09:00, thấp hơn cả hai số trước đó (1.300 và 1.400).");
    }

    @Test
    void aJumpSaysTheMinutesBeforeItsCheckpointAndItsEndTheCheckpoint() {
        Finding f = found("JUMP_TO_100_BEFORE_CHECKPOINT", "10:53", "26", "6",
                Finding.Figures.jump(370, 500, 500, at("11:00")));

        AlertMessages.Message m = AlertMessages.found(f, f.value(), at("10:53"), "X-1-a-1");
        AlertMessages.Message end = AlertMessages.resolved(
                f.resolved(at("11:00"), UTC_PLUS_7, f.value(), f.threshold(), f.figures()), "X-1-a-1");

        assertThat(m.english()).contains("from 74.00% to 100.00%", "+26 points", "at 10:53", "7 minutes before the 11:00");
        assertThat(m.vietnamese()).contains("từ 74,00% lên 100,00%", "+26 điểm", "lúc 10:53", "7 phút trước mốc báo cáo 11:00");
        assertThat(end.english()).isEqualTo("The 11:00 checkpoint has passed for polling area X-1-a-1.");
        assertThat(end.vietnamese()).isEqualTo("Mốc báo cáo 11:00 đã qua đối với khu vực bỏ phiếu X-1-a-1.");
    }

    @Test
    void everyKindSaysSomethingOfItsOwnInBothLanguagesWithNoMissingFigure() {
        Finding[] findings = {
            found("OVER_100_PERCENT", "09:15", "503", "500", Finding.Figures.area(503, 500)),
            found("SURGE", "08:30", "30", "15", Finding.Figures.rate("main", 300, 10, 1000)),
            found("SILENT_STATION", "09:40", "120", "120", Finding.Figures.area(450, 1000)),
            found("LAGGING_PEERS", "10:00", "4.12", "3.5",
                    Finding.Figures.peers(new BigDecimal("45.20"), new BigDecimal("12.3"), 6)),
            found("BELOW_TARGET_AT_CLOSE", "19:05", "97.50", "99.5", Finding.Figures.NONE),
            found("TURNOUT_BELOW", "11:00", "40.00", "45", Finding.Figures.NONE),
        };
        for (Finding f : findings) {
            AlertMessages.Message m = AlertMessages.found(f, f.value(), at("19:30"), "Quảng Ninh");
            AlertMessages.Message end = AlertMessages.resolved(
                    f.resolved(at("19:30"), UTC_PLUS_7, f.value(), f.threshold(), f.figures()), "Quảng Ninh");
            assertThat(java.util.List.of(m.english(), m.vietnamese(), end.english(), end.vietnamese()))
                    .as(f.kind()).allSatisfy(text -> assertThat(text).doesNotContain("null", "?").endsWith("."));
            assertThat(m.english()).as(f.kind()).isNotEqualTo(m.vietnamese());
        }
        assertThat(AlertMessages.found(findings[3], findings[3].value(), at("10:00"), "Quảng Ninh").vietnamese())
                .isEqualTo("Quảng Ninh đạt 45,20% lúc 10:00, thấp hơn 12,3 điểm so với trung vị của 6 đơn vị cùng cấp"
                        + " (điểm lệch chuẩn hóa 4,1).");
    }
}
