package vn.election.testing;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import vn.election.model.registry.Registry;
import vn.election.model.registry.RegistryLoader;

/** Small registries for tests, as CSV text and loaded. */
public final class TestRegistries {

    /**
     * 2026 shape (no district): nation X, provinces, two communes each, two polling areas
     * per commune with lists of 100, 200, ...; names with diacritics and a comma.
     */
    public static final String TINY_2026_CSV = """
            unit_id,parent_id,level,name,registered
            X,,nation,Quốc gia thử,
            X-1,X,province,"Tỉnh Một, Bắc",
            X-2,X,province,Tỉnh Hai,
            X-1-a,X-1,commune,Xã A,
            X-1-b,X-1,commune,Xã B,
            X-2-c,X-2,commune,Phường C,
            X-2-d,X-2,commune,Phường D,
            X-1-a-1,X-1-a,polling_area,Khu vực 1,100
            X-1-a-2,X-1-a,polling_area,Khu vực 2,200
            X-1-b-1,X-1-b,polling_area,Khu vực 1,300
            X-1-b-2,X-1-b,polling_area,Khu vực 2,400
            X-2-c-1,X-2-c,polling_area,Khu vực 1,500
            X-2-c-2,X-2-c,polling_area,Khu vực 2,600
            X-2-d-1,X-2-d,polling_area,Khu vực 1,700
            X-2-d-2,X-2-d,polling_area,Khu vực 2,800
            """;

    private TestRegistries() {
    }

    public static Registry tiny2026() {
        return load(TINY_2026_CSV);
    }

    public static Registry load(String csv) {
        return RegistryLoader.load(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), "test registry");
    }
}
