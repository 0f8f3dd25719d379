package vn.election.model.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryLoaderTest {

    private static final String HEADER = "unit_id,parent_id,level,name,registered\n";
    private static final String CONTRACT_EXAMPLE = HEADER + """
            VN,,nation,Việt Nam,
            VN-22,VN,province,Quảng Ninh,
            VN-22-193,VN-22,district,Thành phố Hạ Long,
            VN-22-193-06658,VN-22-193,commune,Phường Hà Khánh,
            VN-22-193-06658-001,VN-22-193-06658,polling_area,Khu vực bỏ phiếu số 1,1234
            """;

    private static Registry load(String csv) {
        return RegistryLoader.load(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), "test");
    }

    @Test
    void loadsTheContractExampleWithLevelsFromTheFile() {
        Registry r = load(CONTRACT_EXAMPLE);
        assertThat(r.levels()).containsExactly("nation", "province", "district", "commune", "polling_area");
        assertThat(r.root()).isEqualTo("VN");
        assertThat(r.unit("VN-22").name()).isEqualTo("Quảng Ninh");
        assertThat(r.registeredTotal("VN")).isEqualTo(1234);
        assertThat(r.descendantsAt("VN", 4)).isEqualTo(1);
        assertThat(r.isWithin("VN-22-193-06658-001", "VN-22")).isTrue();
        assertThat(r.path("VN-22-193")).extracting(Unit::id).containsExactly("VN", "VN-22", "VN-22-193");
    }

    @Test
    void loadsA2026ShapeWithoutDistricts() {
        Registry r = load(HEADER + "VN,,nation,Việt Nam,\nP,VN,province,\"Tỉnh A, B\",\nC,P,commune,Xã C,\n"
                + "A1,C,polling_area,KV 1,10\nA2,C,polling_area,KV 2,20\n");
        assertThat(r.levels()).containsExactly("nation", "province", "commune", "polling_area");
        assertThat(r.unit("P").name()).isEqualTo("Tỉnh A, B");
        assertThat(r.descendantsAt("VN", 3)).isEqualTo(2);
        assertThat(r.registeredTotal("P")).isEqualTo(30);
    }

    @Test
    void loadsTheBundledDemo() {
        Registry demo = RegistryLoader.bundledDemo();
        assertThat(demo.levels()).hasSize(5);
        assertThat(demo.children(demo.root())).hasSize(6);
        assertThat(demo.descendantsAt(demo.root(), demo.leafDepth())).isEqualTo(144);
    }

    @Test
    void refusesAnUnknownParentNamingTheLine() {
        assertThatThrownBy(() -> load(HEADER + "VN,,nation,V,\nP,XX,province,P,\n"))
                .isInstanceOf(RegistryException.class).hasMessage("line 3: unit P names unknown parent XX");
    }

    @Test
    void refusesADuplicateId() {
        assertThatThrownBy(() -> load(HEADER + "VN,,nation,V,\nP,VN,province,P,\nP,VN,province,Q,\n"))
                .hasMessage("line 4: duplicate unit_id P (first on line 3)");
    }

    @Test
    void refusesACycle() {
        assertThatThrownBy(() -> load(HEADER + "VN,,nation,V,\nA,B,province,A,\nB,A,province,B,\n"))
                .hasMessageContaining("line 3").hasMessageContaining("cycle");
    }

    @Test
    void refusesALeafWithoutRegistered() {
        assertThatThrownBy(() -> load(HEADER + "VN,,nation,V,\nA,VN,polling_area,A,\n"))
                .hasMessage("line 3: polling area A has no registered (voters on the list)");
    }

    @Test
    void refusesALeafThatIsNotAPollingArea() {
        assertThatThrownBy(() -> load(HEADER + "VN,,nation,V,\nP,VN,province,P,\nA,P,polling_area,A,5\nQ,VN,province,Q,\n"))
                .hasMessage("line 5: unit Q has no children but is level province; every leaf must be polling_area");
    }

    @Test
    void refusesTwoRootsAndNoRoot() {
        assertThatThrownBy(() -> load(HEADER + "VN,,nation,V,\nXX,,nation,X,\n")).hasMessageContaining("line 3: second root");
        assertThatThrownBy(() -> load(HEADER)).hasMessageContaining("no units");
    }

    @Test
    void refusesBadNumbersAndRegisteredOnAnInnerUnit() {
        assertThatThrownBy(() -> load(HEADER + "VN,,nation,V,\nA,VN,polling_area,A,many\n"))
                .hasMessage("line 3: registered 'many' of A is not a whole number");
        assertThatThrownBy(() -> load(HEADER + "VN,,nation,V,5\nA,VN,polling_area,A,1\n"))
                .hasMessageContaining("line 2: unit VN of level nation carries registered");
    }

    @Test
    void refusesMixedLevelsAtOneDepth() {
        assertThatThrownBy(() -> load(HEADER + "VN,,nation,V,\nP,VN,province,P,\nQ,VN,region,Q,\n"
                + "A,P,polling_area,A,1\nB,Q,polling_area,B,1\n"))
                .hasMessageContaining("line 4: unit Q is at depth 1 (level province) but says level region");
    }

    @Test
    void refusesAWrongHeaderAndRaggedRows() {
        assertThatThrownBy(() -> load("id,parent\nVN,\n")).hasMessageContaining("line 1: header lacks column(s)");
        assertThatThrownBy(() -> load(HEADER + "VN,,nation\n")).hasMessageContaining("line 2: has 3 fields");
    }

    @Test
    void refusesBrokenUtf8AndNamesTheFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.csv");
        Files.write(f, (HEADER + "VN,,nation,").getBytes(StandardCharsets.UTF_8));
        Files.write(f, new byte[] {(byte) 0xC3, 0x28, '\n'}, java.nio.file.StandardOpenOption.APPEND);
        assertThatThrownBy(() -> RegistryLoader.load(f)).hasMessageContaining("bad.csv").hasMessageContaining("UTF-8");
        assertThatThrownBy(() -> RegistryLoader.load(dir.resolve("missing.csv"))).hasMessageContaining("no such file");
    }
}
