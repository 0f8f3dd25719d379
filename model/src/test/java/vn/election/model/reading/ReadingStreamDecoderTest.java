package vn.election.model.reading;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.election.model.json.Json;
import vn.election.model.json.JsonMutations;

class ReadingStreamDecoderTest {

    private static final List<String> PLAIN = List.of(
            "{\"station_id\":\"VN-22-001-01-001\",\"source\":\"main\",\"seq\":7,\"observed_at\":\"2021-05-23T09:00:00+07:00\",\"voted\":412}",
            "{\"station_id\":\"A\",\"seq\":1,\"observed_at\":\"2021-05-23T09:00:00.250Z\",\"voted\":0,\"registered\":900,\"sent_by\":\"tok-1\"}",
            "{\"voted\":1000000,\"registered\":null,\"observed_at\":\"2021-05-23T09:00:00-03:30\",\"seq\":9223372036854775807,\"station_id\":\"Trạm 1\",\"source\":null}",
            " {\"station_id\":\"x\",\"seq\":2,\"observed_at\":\"2021-05-23T09:00+07:00\",\"voted\":3} ");

    @Test
    void decodesPlainReadingsAsTheTreeDoes() throws Exception {
        for (String json : PLAIN) {
            Reading fast = ReadingStreamDecoder.tryDecode(json.getBytes(StandardCharsets.UTF_8));
            Reading tree = ReadingCodec.fromNode(Json.MAPPER.readTree(json), -1);
            assertThat(fast).as(json).isEqualTo(tree);
            assertThat(fast.sentBy()).as(json).isEqualTo(tree.sentBy());
        }
    }

    @Test
    void neverAcceptsWhatTheTreeRefusesNorReadsItDifferently() throws Exception {
        List<String> texts = new ArrayList<>(List.of(
                "{\"station_id\":\"a\",\"station_id\":\"b\",\"seq\":1,\"observed_at\":\"2021-05-23T09:00:00Z\",\"voted\":1}",
                "{\"station_id\":\"a\",\"seq\":1.0,\"observed_at\":\"2021-05-23T09:00:00Z\",\"voted\":1}",
                "{\"station_id\":\"a\",\"seq\":1,\"observed_at\":\"2021-05-23T09:00:00Z\",\"voted\":1000001}",
                "{\"station_id\":\"a\",\"seq\":0,\"observed_at\":\"2021-05-23T09:00:00Z\",\"voted\":1}",
                "{\"station_id\":\" \",\"seq\":1,\"observed_at\":\"2021-05-23T09:00:00Z\",\"voted\":1}",
                "{\"station_id\":\"a\",\"seq\":1,\"observed_at\":\"2021-02-29T09:00:00Z\",\"voted\":1}",
                "{\"station_id\":\"a\",\"seq\":1,\"observed_at\":\"2021-05-23T09:00:00Z\",\"voted\":1} {}",
                "{\"station_id\":\"a\",\"seq\":1,\"observed_at\":\"2021-05-23T09:00:00Z\",\"voted\":1,\"extra\":1}",
                "{\"station_id\":\"a\",\"seq\":99999999999999999999,\"observed_at\":\"2021-05-23T09:00:00Z\",\"voted\":1}",
                "{\"station_id\":\"a\",\"seq\":1,\"observed_at\":\"2021-05-23T09:00:00Z\",\"voted\":\"1\"}",
                "{\"station_id\":\"a\",\"seq\":1,\"observed_at\":\"2021-05-23T09:00:00Z\",\"voted\":1,\"registered\":-1}",
                "{\"station_id\":\"a\",\"seq\":1,\"observed_at\":\"2021-05-23T09:00:00Z\",\"voted\":1,\"sent_by\":\"\"}",
                "[1]", "null", "{}"));
        texts.addAll(JsonMutations.of(PLAIN, 50_000, 2, 23));
        int accepted = 0;
        for (String json : texts) {
            Reading fast = ReadingStreamDecoder.tryDecode(json.getBytes(StandardCharsets.UTF_8));
            if (fast == null) {
                continue;
            }
            accepted++;
            JsonNode node = Json.MAPPER.readTree(json);
            Reading tree = ReadingCodec.fromNode(node, -1);    // throws if the tree refuses what the fast path took
            assertThat(fast).as(json).isEqualTo(tree);
            assertThat(fast.sentBy()).as(json).isEqualTo(tree.sentBy());
        }
        // The mutations must leave some readings valid, or this test would prove nothing.
        assertThat(accepted).isGreaterThan(1_000);
    }
}
