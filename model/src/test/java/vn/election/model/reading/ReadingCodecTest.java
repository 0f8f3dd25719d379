package vn.election.model.reading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReadingCodecTest {

    private static final String CONTRACT_EXAMPLE = """
            {"station_id": "VN-22-193-06658-001", "source": "main", "seq": 7,
             "observed_at": "2021-05-23T09:00:00+07:00", "voted": 812, "registered": 1236}""";

    @Test
    void decodesTheContractExample() throws Exception {
        Reading r = ReadingCodec.decode(CONTRACT_EXAMPLE);
        assertThat(r.stationId()).isEqualTo("VN-22-193-06658-001");
        assertThat(r.source()).isEqualTo("main");
        assertThat(r.seq()).isEqualTo(7);
        assertThat(r.observedAtLocal()).isEqualTo(OffsetDateTime.parse("2021-05-23T09:00:00+07:00"));
        assertThat(r.voted()).isEqualTo(812);
        assertThat(r.registered()).isEqualTo(1236);
    }

    @Test
    void roundTripsKeepingTheOffset() throws Exception {
        Reading r = Reading.of("VN-1", "mobile", 3, OffsetDateTime.parse("2021-05-23T09:00:00+07:00"), 5, null);
        Reading back = ReadingCodec.decode(ReadingCodec.encode(r));
        assertThat(back).isEqualTo(r);
        assertThat(ReadingCodec.toJson(back)).contains("\"observed_at\":\"2021-05-23T09:00:00+07:00\"")
                .doesNotContain("registered");
    }

    @Test
    void carriesWhoSentItAndReadsOlderReadingsWithout() throws Exception {
        Reading r = Reading.of("VN-1", "main", 3, OffsetDateTime.parse("2021-05-23T09:00:00+07:00"), 5, null)
                .withSentBy("tok-1a2b3c");
        assertThat(ReadingCodec.toJson(r)).endsWith(",\"sent_by\":\"tok-1a2b3c\"}");
        assertThat(ReadingCodec.decode(ReadingCodec.encode(r)).sentBy()).isEqualTo("tok-1a2b3c");
        assertThat(ReadingCodec.decode(CONTRACT_EXAMPLE).sentBy()).isNull();
        assertThat(ReadingCodec.toJson(ReadingCodec.decode(CONTRACT_EXAMPLE))).doesNotContain("sent_by");
    }

    @Test
    void defaultsTheSourceToMain() throws Exception {
        Reading r = ReadingCodec.decode("{\"station_id\":\"A\",\"seq\":1,\"observed_at\":\"2021-05-23T09:00:00Z\",\"voted\":0}");
        assertThat(r.source()).isEqualTo(Reading.DEFAULT_SOURCE);
    }

    @Test
    void reportsEveryBadFieldAtOnce() {
        assertThatThrownBy(() -> ReadingCodec.decode(
                "{\"station_id\":7,\"seq\":0,\"observed_at\":\"9am\",\"voted\":-1,\"registered\":1.5,\"extra\":1}"))
                .isInstanceOfSatisfying(InvalidReadingException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field)
                        .containsExactlyInAnyOrder("extra", "station_id", "seq", "observed_at", "voted", "registered"));
    }

    @Test
    void refusesMissingRequiredFields() {
        assertThatThrownBy(() -> ReadingCodec.decode("{}"))
                .isInstanceOfSatisfying(InvalidReadingException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field)
                        .containsExactlyInAnyOrder("station_id", "seq", "observed_at", "voted"));
    }

    @Test
    void refusesHugeCountsAndAnOffsetlessTime() {
        assertThatThrownBy(() -> ReadingCodec.decode("{\"station_id\":\"A\",\"seq\":1,"
                + "\"observed_at\":\"2021-05-23T09:00:00\",\"voted\":99999999999999999999999}"))
                .isInstanceOfSatisfying(InvalidReadingException.class, e -> assertThat(e.getMessage())
                        .contains("observed_at: not an ISO-8601 date-time with offset")
                        .contains("voted: out of range"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "null", "[]", "\"text\"", "42", "{", "{\"station_id\":\"A\"", "{\"a\":1}}",
            "{\"station_id\":\"A\",\"station_id\":\"B\"}", "\u0000\u0001", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"})
    void refusesNullTruncatedAndHostileInputWithAReason(String input) {
        assertThatThrownBy(() -> ReadingCodec.decode(input.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidReadingException.class)
                .satisfies(e -> assertThat(((InvalidReadingException) e).errors()).isNotEmpty()
                        .allSatisfy(err -> assertThat(err.message()).isNotBlank()));
    }

    @Test
    void saysWhereJsonBreaksWithoutParserInternals() {
        assertThatThrownBy(() -> ReadingCodec.decode("{\"station_id\": \"A\""))
                .isInstanceOfSatisfying(InvalidReadingException.class, e -> assertThat(e.getMessage())
                        .contains("malformed JSON").contains("line 1, column").doesNotContain("Source").doesNotContain("REDACTED"));
    }

    @Test
    void refusesNullBytes() {
        assertThatThrownBy(() -> ReadingCodec.decode((byte[]) null)).isInstanceOf(InvalidReadingException.class)
                .hasMessageContaining("empty body");
    }

    @Test
    void refusesControlCharactersAndOverlongIds() {
        String longId = "A".repeat(500);
        assertThatThrownBy(() -> ReadingCodec.decode("{\"station_id\":\"" + longId + "\",\"source\":\"a\\u0007b\","
                + "\"seq\":1,\"observed_at\":\"2021-05-23T09:00:00Z\",\"voted\":1}"))
                .isInstanceOfSatisfying(InvalidReadingException.class, e -> assertThat(e.getMessage())
                        .contains("station_id: longer than").contains("source: contains a control character"));
    }
}
