package vn.election.jobs.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import vn.election.jobs.RegistryRef;
import vn.election.jobs.records.UnitFigures;
import vn.election.jobs.records.UnitUpdate;
import vn.election.model.registry.Registry;
import vn.election.model.registry.Unit;
import vn.election.model.unit.UnitSnapshotCodec;

/** The cached-part snapshot writer gives exactly the codec's bytes, for hostile names and every kind of figure. */
class UnitSnapshotBytesTest {

    private static final String HOSTILE = """
            unit_id,parent_id,level,name,registered
            H,,nation,"Quốc gia ""thử"", \\ <script>",
            H-1,H,"prov""ince",Tỉnh	Một,
            H-1-a,H-1,commune,"Xã
            mới",
            H-1-a-1,H-1-a,polling_area,Khu vực 1,100
            H-1-a-2,H-1-a,polling_area,Khu vực 2,0
            """;

    @Test
    void writesTheSameBytesAsTheCodec() {
        RegistryRef ref = RegistryRef.inline(HOSTILE);
        Registry registry = ref.load();
        UnitSnapshotBytes writer = UnitSnapshotBytes.of(ref);
        long[][] figures = {{0, 100, Long.MIN_VALUE}, {99_95, 100_00, 1_621_735_200_000L}, {1, 3, 1_621_735_200_500L},
                {2, 3, 1_621_735_200_000L}, {150, 100, 0}, {7, 0, 1_621_735_200_000L}, {69_199_999, 69_200_000, 5}};
        int checked = 0;
        for (Unit u : registry.units()) {
            for (long[] f : figures) {
                for (int offset : new int[] {25_200, 0, -16_200}) {
                    UnitFigures fig = new UnitFigures(f[0], f[1], new long[] {0, 1, 2, 3}, 2, f[2], offset, 17 + f[0]);
                    byte[] expected = UnitSnapshotCodec.encode(UnitUpdateSnapshots.of(registry, new UnitUpdate(u.id(), fig)));
                    assertThat(new String(writer.encode(u.id(), fig), StandardCharsets.UTF_8)).as(u.id())
                            .isEqualTo(new String(expected, StandardCharsets.UTF_8));
                    checked++;
                }
            }
            assertThat(writer.key(u.id())).isEqualTo(u.id().getBytes(StandardCharsets.UTF_8));
        }
        assertThat(checked).isEqualTo(registry.size() * figures.length * 3);
    }
}
