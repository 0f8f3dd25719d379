package vn.election.model.unit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vn.election.model.json.JsonMutations;

class UnitSnapshotStreamDecoderTest {

    private static final UnitSnapshot COMMUNE = new UnitSnapshot("VN-22-001-01", "VN-22-001", "commune", "Phường Hồng Gai",
            4_210, 3_977, Map.of("polling_area", new LevelCompletion(3, 4, 4L)), "2021-05-23T09:00:00+07:00", 17);

    @Test
    void decodesWhatTheJobWritesAsTheTreeDoes() {
        for (UnitSnapshot s : List.of(COMMUNE,
                new UnitSnapshot("VN", null, "nation", "Việt Nam \"quốc gia\"", 0, 0, Map.of(), null, 0))) {
            byte[] json = UnitSnapshotCodec.encode(s);
            UnitSnapshot fast = UnitSnapshotStreamDecoder.tryDecode(json);
            assertThat(fast).isEqualTo(s).isEqualTo(treeDecode(json));
            assertThat(fast.turnoutPct()).isEqualTo(s.turnoutPct());
        }
    }

    @Test
    void neverAcceptsWhatTheTreeRefusesNorReadsItDifferently() {
        String base = new String(UnitSnapshotCodec.encode(COMMUNE), StandardCharsets.UTF_8);
        List<String> texts = new ArrayList<>(List.of(base.replace("\"voted\":3977", "\"voted\":-1"),
                base.replace("\"complete\":3", "\"complete\":3.5"), base.replace("\"version\":17", "\"version\":\"17\""),
                base.replace("\"as_of\":\"2021-05-23T09:00:00+07:00\"", "\"as_of\":5"),
                base.replace("\"name\"", "\"extra\":[1,{\"a\":2}],\"name\""), base + " 1"));
        texts.addAll(JsonMutations.of(List.of(base), 50_000, 1, 7));
        int accepted = 0;
        for (String text : texts) {
            byte[] json = text.getBytes(StandardCharsets.UTF_8);
            UnitSnapshot fast = UnitSnapshotStreamDecoder.tryDecode(json);
            if (fast == null) {
                continue;
            }
            accepted++;
            UnitSnapshot tree = treeDecode(json);
            assertThat(fast).as(text).isEqualTo(tree);
            assertThat(List.copyOf(fast.completeByLevel().keySet())).as(text).isEqualTo(List.copyOf(tree.completeByLevel().keySet()));
        }
        assertThat(accepted).isGreaterThan(1_000);
    }

    @Test
    void badRecordsStillGetTheTreesWords() {
        String base = new String(UnitSnapshotCodec.encode(COMMUNE), StandardCharsets.UTF_8);
        assertThatThrownBy(() -> UnitSnapshotCodec.decode(base.replace("\"voted\":3977", "\"voted\":-1")
                .getBytes(StandardCharsets.UTF_8))).hasMessage("unit snapshot's voted is negative (-1)");
    }

    /** The codec's own slow path. */
    private static UnitSnapshot treeDecode(byte[] json) {
        return UnitSnapshotCodec.decodeTree(json);
    }
}
