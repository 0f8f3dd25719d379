package vn.election.model.correction;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

class CorrectionCodecTest {

    private static final OffsetDateTime NINE = OffsetDateTime.parse("2021-05-23T09:00:00+07:00");

    @Test
    void writesTheDocumentedShapeAndReadsItBack() throws Exception {
        Correction c = new Correction("VN-1-001", "main", Correction.VOTED, 120, 102, NINE.toInstant(), 7 * 3600, 4,
                "tok-1a2b");
        String json = new String(CorrectionCodec.encode(c), StandardCharsets.UTF_8);
        assertThat(json).isEqualTo("{\"correction_id\":\"VN-1-001/main/4/voted\",\"station_id\":\"VN-1-001\","
                + "\"source\":\"main\",\"field\":\"voted\",\"before\":120,\"after\":102,"
                + "\"observed_at\":\"2021-05-23T09:00:00+07:00\",\"seq\":4,\"sent_by\":\"tok-1a2b\"}");
        assertThat(CorrectionCodec.decode(CorrectionCodec.encode(c))).isEqualTo(c);
    }

    @Test
    void aCorrectionNoTokenSentHasANullSender() throws Exception {
        Correction c = new Correction("VN-1-001", "mobile", Correction.REGISTERED, 500, 510, NINE.toInstant(), 7 * 3600,
                9, null);
        assertThat(new String(CorrectionCodec.encode(c), StandardCharsets.UTF_8)).contains("\"sent_by\":null");
        assertThat(CorrectionCodec.decode(CorrectionCodec.encode(c))).isEqualTo(c);
    }
}
