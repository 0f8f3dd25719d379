package vn.election.model.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import vn.election.model.topic.Topics;

class HistoryPointCodecTest {

    private static final OffsetDateTime NINE_FIVE = OffsetDateTime.parse("2021-05-23T09:05:00+07:00");

    private static HistoryRecord quangNinh() {
        return new HistoryRecord("VN-22", NINE_FIVE, 812_345, 1_000_000, 1_400, 12_000L, 50_123L);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String valid(String field, String value) {
        String json = "{\"unit_id\":\"VN-22\",\"bucket_end\":\"2021-05-23T09:05:00+07:00\",\"voted\":1,"
                + "\"registered\":2,\"reporting\":1,\"voted_per_15_min\":null,\"voted_per_hour\":null}";
        return json.replaceFirst("\"" + field + "\":(\"[^\"]*\"|[^,}]*)", "\"" + field + "\":" + value);
    }

    @Test
    void writesTheDocumentedShapeAndReadsItBack() {
        HistoryRecord h = quangNinh();
        String json = new String(HistoryPointCodec.encode(h), StandardCharsets.UTF_8);
        assertThat(json).isEqualTo("{\"unit_id\":\"VN-22\",\"bucket_end\":\"2021-05-23T09:05:00+07:00\","
                + "\"voted\":812345,\"registered\":1000000,\"turnout_pct\":81.23,\"reporting\":1400,"
                + "\"voted_per_15_min\":12000,\"voted_per_hour\":50123,\"open\":false}");
        assertThat(HistoryPointCodec.decode(bytes(json))).isEqualTo(h);
    }

    @Test
    void anOpenBucketsPointSaysSoAndAPointWithoutTheFieldIsClosed() {
        HistoryRecord open = new HistoryRecord("VN-22", NINE_FIVE, 5, 10, 1, null, null, true);
        String json = new String(HistoryPointCodec.encode(open), StandardCharsets.UTF_8);
        assertThat(json).endsWith("\"open\":true}");
        assertThat(HistoryPointCodec.decode(bytes(json))).isEqualTo(open);
        assertThat(HistoryPointCodec.decode(bytes(valid("voted", "1"))).open()).isFalse();
        assertThatThrownBy(() -> HistoryPointCodec.decode(bytes(valid("voted", "1").replace("}", ",\"open\":\"yes\"}"))))
                .hasMessageContaining("open");
    }

    @Test
    void unknownRatesAndAnEmptyListAreNull() {
        HistoryRecord h = new HistoryRecord("VN-22-001", NINE_FIVE, 0, 0, 0, null, null);
        String json = new String(HistoryPointCodec.encode(h), StandardCharsets.UTF_8);
        assertThat(json).contains("\"turnout_pct\":null", "\"voted_per_15_min\":null", "\"voted_per_hour\":null");
        assertThat(HistoryPointCodec.decode(bytes(json))).isEqualTo(h);
        assertThat(h.turnoutPct()).isNull();
    }

    @Test
    void turnoutIsRoundedHalfUpToTwoDecimals() {
        assertThat(new HistoryRecord("U", NINE_FIVE, 99_955, 100_000, 1, null, null).turnoutPct())
                .hasToString("99.96");
        assertThat(new HistoryRecord("U", NINE_FIVE, 2, 3, 1, null, null).turnoutPct()).hasToString("66.67");
    }

    @Test
    void keepsTheOffsetOfTheBucketEnd() {
        HistoryRecord utc = new HistoryRecord("U", OffsetDateTime.parse("2021-05-23T02:05:00Z"), 1, 2, 1, null, null);
        String json = new String(HistoryPointCodec.encode(utc), StandardCharsets.UTF_8);
        assertThat(json).contains("\"bucket_end\":\"2021-05-23T02:05:00Z\"");
        assertThat(HistoryPointCodec.decode(bytes(json)).bucketEnd()).isEqualTo(utc.bucketEnd());
    }

    @Test
    void ignoresTheDerivedTurnoutOnInput() {
        assertThat(HistoryPointCodec.decode(bytes(valid("voted", "1").replace("\"voted\":1",
                "\"voted\":1,\"turnout_pct\":\"nonsense\""))).turnoutPct()).hasToString("50.00");
    }

    @Test
    void refusesNullEmptyAndTruncatedInput() {
        assertThatThrownBy(() -> HistoryPointCodec.decode(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> HistoryPointCodec.decode(new byte[0])).hasMessageContaining("empty");
        byte[] full = HistoryPointCodec.encode(quangNinh());
        for (int cut = 1; cut < full.length; cut++) {
            byte[] truncated = java.util.Arrays.copyOf(full, cut);
            assertThatThrownBy(() -> HistoryPointCodec.decode(truncated)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void refusesHostileInput() {
        assertThatThrownBy(() -> HistoryPointCodec.decode(bytes("[1,2]"))).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> HistoryPointCodec.decode(bytes("\"x\""))).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> HistoryPointCodec.decode(bytes("[".repeat(100) + "]".repeat(100))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HistoryPointCodec.decode(bytes(valid("voted", "1") + " {}")))
                .hasMessageContaining("malformed");
        assertThatThrownBy(() -> HistoryPointCodec.decode(bytes(valid("voted", "1").replace("{", "{\"voted\":5,"))))
                .hasMessageContaining("malformed");   // duplicate key
        assertThatThrownBy(() -> HistoryPointCodec.decode(bytes(valid("unit_id", "null")))).hasMessageContaining("unit_id");
        assertThatThrownBy(() -> HistoryPointCodec.decode(bytes(valid("unit_id", "\"\"")))).hasMessageContaining("unit_id");
        assertThatThrownBy(() -> HistoryPointCodec.decode(bytes(valid("unit_id", "7")))).hasMessageContaining("unit_id");
        assertThatThrownBy(() -> HistoryPointCodec.decode(bytes(valid("bucket_end", "\"09:05\""))))
                .hasMessageContaining("bucket_end");
        assertThatThrownBy(() -> HistoryPointCodec.decode(bytes(valid("bucket_end", "\"2021-05-23T09:05:00\""))))
                .hasMessageContaining("bucket_end");   // no offset
        assertThatThrownBy(() -> HistoryPointCodec.decode(bytes(valid("bucket_end", "\"" + "9".repeat(5000) + "\""))))
                .hasMessageContaining("bucket_end").message().hasSizeLessThan(200);
        assertThatThrownBy(() -> HistoryPointCodec.decode(bytes(valid("voted", "-3")))).hasMessageContaining("negative");
        assertThatThrownBy(() -> HistoryPointCodec.decode(bytes(valid("voted", "1.5")))).hasMessageContaining("whole");
        assertThatThrownBy(() -> HistoryPointCodec.decode(bytes(valid("voted", "\"12\"")))).hasMessageContaining("whole");
        assertThatThrownBy(() -> HistoryPointCodec.decode(bytes(valid("voted", "99999999999999999999999"))))
                .hasMessageContaining("whole");
        assertThatThrownBy(() -> HistoryPointCodec.decode(bytes(valid("registered", "null"))))
                .hasMessageContaining("registered");
        assertThatThrownBy(() -> HistoryPointCodec.decode(bytes(valid("voted_per_hour", "-1"))))
                .hasMessageContaining("negative");
        assertThatThrownBy(() -> HistoryPointCodec.decode(bytes(valid("voted_per_15_min", "true"))))
                .hasMessageContaining("voted_per_15_min");
    }

    @Test
    void theTopicCarriesTheCodecAndIsNotCompacted() {
        assertThat(Topics.HISTORY.name()).isEqualTo("turnout.history");
        assertThat(Topics.all()).contains(Topics.HISTORY);
        assertThat(Topics.HISTORY.config()).containsEntry("cleanup.policy", "delete")
                .containsEntry("retention.ms", String.valueOf(7L * 24 * 3600 * 1000));
        HistoryRecord h = quangNinh();
        byte[] wire = Topics.HISTORY.valueSerializer().serialize("t", h);
        assertThat(Topics.HISTORY.valueDeserializer().deserialize("t", wire)).isEqualTo(h);
        assertThat(Topics.HISTORY.valueDeserializer().deserialize("t", null)).isNull();
        assertThatThrownBy(() -> Topics.HISTORY.valueDeserializer().deserialize("t", bytes("{")))
                .isInstanceOf(SerializationException.class);
    }
}
