package vn.election.ingest;

import static vn.election.ingest.IngestFixtures.HN_1;
import static vn.election.ingest.IngestFixtures.QN_1;
import static vn.election.ingest.IngestFixtures.QN_2;
import static vn.election.ingest.IngestFixtures.QN_COMMUNE;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * A seeded generator of bad requests for ingest: every one must be refused with a 4xx and write
 * nothing. Each comes from a good reading with one deliberate defect, so none is valid by accident.
 */
final class BadRequestCorpus {

    /** One request: a label for the report, where it goes, its headers and body. */
    record BadRequest(String kind, String method, String path, String contentType, String authorization, byte[] body) {
    }

    private static final String JSON = "application/json";
    private static final String CSV = "text/csv";
    private static final String CSV_PATH = "/api/v1/readings.csv";
    private static final String PATH = "/api/v1/readings";
    private static final String TIME = "2021-05-23T09:00:00+07:00";
    private static final String HEADER = "station_id,source,seq,observed_at,voted,registered";

    private final SplittableRandom random;
    private final String rootAuth;
    private final String provinceAuth;
    private final List<String> stations;

    /**
     * @param rootToken a token for the whole registry
     * @param quangNinhToken a token for VN-22 only (so {@link IngestFixtures#HN_1} is out of its scope)
     */
    BadRequestCorpus(long seed, String rootToken, String quangNinhToken, List<String> stations) {
        this.random = new SplittableRandom(seed);
        this.rootAuth = "Bearer " + rootToken;
        this.provinceAuth = "Bearer " + quangNinhToken;
        this.stations = stations;
    }

    /** At least {@code size} bad requests, kinds interleaved; a few huge ones (10 MB) whatever the size. */
    List<BadRequest> generate(int size) {
        List<Supplier<BadRequest>> kinds = List.of(this::truncatedJson, this::garbageBytes, this::wrongType,
                this::unknownStation, this::notAPollingArea, this::negativeCount, this::hugeCount, this::fraction,
                this::farFuture, this::absurdSeq, this::ancientTime, this::badTime, this::missingField, this::unknownField, this::duplicateKey,
                this::nanOrInfinity, this::hostileString, this::deepNesting, this::oneBadInABatch, this::emptyish,
                this::badToken, this::outOfScope, this::wrongContentType, this::csvVariant, this::csvVariant,
                this::csvVariant, this::wrongMethodOrPath);
        List<BadRequest> corpus = new ArrayList<>(size + 50);
        // The heavy ones, a fixed handful: 10 MB strings, bodies just over the limit, batches over the count limit.
        for (int i = 0; i < 3; i++) {
            corpus.add(json("10MB-string", "{\"station_id\":\"" + "A".repeat(10 * 1024 * 1024) + "\",\"seq\":1,"
                    + "\"observed_at\":\"" + TIME + "\",\"voted\":1}"));
            corpus.add(csv("10MB-csv-cell", HEADER + "\n" + QN_1 + ",main,1," + TIME + ",\"" + "<b>".repeat(3_500_000)
                    + "\",\n"));
        }
        for (int i = 0; i < 20; i++) {
            corpus.add(json("oversized-body", "[" + " ".repeat(IngestConfig.DEFAULT_MAX_BODY_BYTES + random.nextInt(1, 5000))
                    + good(QN_1) + "]"));
            corpus.add(json("too-many-readings", "[" + String.join(",", Collections.nCopies(1001 + random.nextInt(50), good(QN_1)))
                    + "]"));
            corpus.add(csv("csv-too-many-rows", HEADER + "\n" + String.join("\n",
                    Collections.nCopies(1001 + random.nextInt(50), csvRow(QN_1, "main", "1", TIME, "5", "")))));
        }
        while (corpus.size() < size) {
            corpus.add(kinds.get(random.nextInt(kinds.size())).get());
        }
        Collections.shuffle(corpus, new java.util.Random(random.nextLong()));
        return corpus;
    }

    private String station() {
        return stations.get(random.nextInt(stations.size()));
    }

    private String good(String station) {
        return "{\"station_id\":\"" + station + "\",\"source\":\"main\",\"seq\":" + random.nextInt(1, 1000)
                + ",\"observed_at\":\"" + TIME + "\",\"voted\":" + random.nextInt(0, 1000) + "}";
    }

    /** A good reading with one field's raw JSON value replaced (or dropped when {@code value} is null). */
    private String withField(String field, String value) {
        String[][] fields = {{"station_id", "\"" + station() + "\""}, {"source", "\"main\""},
            {"seq", String.valueOf(random.nextInt(1, 1000))}, {"observed_at", "\"" + TIME + "\""},
            {"voted", String.valueOf(random.nextInt(0, 1000))}};
        StringBuilder s = new StringBuilder("{");
        for (String[] f : fields) {
            String v = f[0].equals(field) ? value : f[1];
            if (v == null) {
                continue;
            }
            if (s.length() > 1) {
                s.append(',');
            }
            s.append('"').append(f[0]).append("\":").append(v);
        }
        if (field.equals("registered")) {
            s.append(",\"registered\":").append(value);
        }
        return s.append('}').toString();
    }

    /** Maybe wraps the bad item in a batch of good ones, so "one bad reading refuses all" is exercised too. */
    private String maybeBatch(String bad) {
        if (random.nextInt(3) > 0) {
            return bad;
        }
        List<String> items = new ArrayList<>();
        int n = random.nextInt(1, 20);
        for (int i = 0; i < n; i++) {
            items.add(good(station()));
        }
        items.add(random.nextInt(items.size() + 1), bad);
        return "[" + String.join(",", items) + "]";
    }

    private BadRequest truncatedJson() {
        String whole = random.nextBoolean() ? good(station()) : "[" + good(station()) + "," + good(station()) + "]";
        // Any proper prefix of a compact object or array is unfinished JSON.
        return json("truncated-json", whole.substring(0, random.nextInt(whole.length())));
    }

    private BadRequest garbageBytes() {
        byte[] b = new byte[random.nextInt(1, 300)];
        random.nextBytes(b);
        if (b[0] == '{' || b[0] == '[') {
            b[0] = '#';
        }
        return new BadRequest("garbage-bytes", "POST", PATH, JSON, rootAuth, b);
    }

    private BadRequest wrongType() {
        String[] fields = {"station_id", "source", "seq", "observed_at", "voted", "registered"};
        String field = fields[random.nextInt(fields.length)];
        boolean numeric = field.equals("seq") || field.equals("voted") || field.equals("registered");
        String[] wrong = numeric ? new String[] {"\"12\"", "true", "[1]", "{\"n\":1}", "\"\"", "false"}
                : new String[] {"12", "true", "[\"" + QN_1 + "\"]", "{\"id\":1}", "1.5", "false"};
        return json("wrong-type", maybeBatch(withField(field, wrong[random.nextInt(wrong.length)])));
    }

    private BadRequest unknownStation() {
        String[] ids = {"VN-99-001-00001-001", station() + "-9", "vn-22-001-00001-001", "X", station() + " ",
            " " + station(), "VN-22-001-00001-0O1"};
        return json("unknown-station", maybeBatch(withField("station_id", "\"" + ids[random.nextInt(ids.length)] + "\"")));
    }

    private BadRequest notAPollingArea() {
        String[] ids = {"VN", "VN-22", "VN-22-001", QN_COMMUNE};
        return json("not-a-polling-area", maybeBatch(withField("station_id", "\"" + ids[random.nextInt(ids.length)] + "\"")));
    }

    private BadRequest negativeCount() {
        String field = new String[] {"voted", "registered", "seq"}[random.nextInt(3)];
        long value = field.equals("seq") ? -random.nextLong(0, 1_000_000) : -random.nextLong(1, 1_000_000);
        return json("negative-count", maybeBatch(withField(field, String.valueOf(value))));
    }

    private BadRequest hugeCount() {
        String field = new String[] {"voted", "registered", "seq"}[random.nextInt(3)];
        String value = field.equals("seq") ? "9" + "9".repeat(random.nextInt(19, 39))
                : String.valueOf(ReadingCodecLimits.MAX_COUNT + random.nextLong(1, Long.MAX_VALUE / 2));
        return json("huge-count", maybeBatch(withField(field, value)));
    }

    private BadRequest fraction() {
        String field = new String[] {"voted", "registered", "seq"}[random.nextInt(3)];
        return json("fraction", maybeBatch(withField(field, random.nextInt(1, 500) + "." + random.nextInt(1, 99))));
    }

    private BadRequest farFuture() {
        int year = java.time.Year.now().getValue() + random.nextInt(1, 50);
        return json("far-future", maybeBatch(withField("observed_at", "\"" + year + "-05-23T09:00:00+07:00\"")));
    }

    /** A seq a counting device cannot reach, beyond the server's clock in epoch seconds too: it would freeze its station. */
    private BadRequest absurdSeq() {
        String[] seqs = {String.valueOf(Long.MAX_VALUE), String.valueOf(Long.MAX_VALUE - random.nextLong(1, 1000)),
            String.valueOf(random.nextLong(100_000_000_000L, Long.MAX_VALUE)), "99999999999"};
        if (random.nextInt(4) == 0) {
            return csv("absurd-seq", HEADER + "\n" + csvRow(station(), "main", seqs[random.nextInt(seqs.length)], TIME, "5", ""));
        }
        return json("absurd-seq", maybeBatch(withField("seq", seqs[random.nextInt(seqs.length)])));
    }

    /** An observed_at before election day (a device clock reset to 1970 or 2000, a typo of the year): every area would look late. */
    private BadRequest ancientTime() {
        String[] times = {"1900-01-01T00:00:00+07:00", "1970-01-01T00:00:00Z", "2000-01-01T00:00:00+07:00",
            "2012-05-23T09:00:00+07:00", "2021-05-21T09:00:00+07:00", "0001-01-01T00:00:00Z"};
        String time = times[random.nextInt(times.length)];
        if (random.nextInt(4) == 0) {
            return csv("ancient-time", HEADER + "\n" + csvRow(station(), "main", "3", time, "5", ""));
        }
        return json("ancient-time", maybeBatch(withField("observed_at", "\"" + time + "\"")));
    }

    private BadRequest badTime() {
        String[] times = {"\"2021-05-23 09:00\"", "\"2021-05-23T09:00:00\"", "\"yesterday\"", "1621735200",
            "\"2021-13-40T25:61:00+07:00\"", "\"\"", "\"2021-05-23T09:00:00+25:00\""};
        return json("bad-time", maybeBatch(withField("observed_at", times[random.nextInt(times.length)])));
    }

    private BadRequest missingField() {
        String field = new String[] {"station_id", "seq", "observed_at", "voted"}[random.nextInt(4)];
        String value = random.nextBoolean() ? null : "null";
        return json("missing-field", maybeBatch(withField(field, value)));
    }

    private BadRequest unknownField() {
        String g = good(station());
        String[] names = {"votes", "Voted", "station", "__proto__", "<img src=x>", "ok\u202e"};
        return json("unknown-field", maybeBatch(g.replace("{", "{\"" + names[random.nextInt(names.length)] + "\":1,")));
    }

    private BadRequest duplicateKey() {
        String g = good(station());
        String[] dups = {"\"voted\":5,", "\"station_id\":\"" + station() + "\",", "\"seq\":1,"};
        return json("duplicate-key", maybeBatch(g.replace("{", "{" + dups[random.nextInt(dups.length)])));
    }

    private BadRequest nanOrInfinity() {
        String[] values = {"NaN", "Infinity", "-Infinity", "+1", "0x10", "1e999", "01"};
        String field = new String[] {"voted", "registered", "seq"}[random.nextInt(3)];
        return json("nan-infinity", maybeBatch(withField(field, values[random.nextInt(values.length)])));
    }

    private BadRequest hostileString() {
        String[] hostile = {"<script>alert(1)</script>", "\\u0000", "\\u001b[31m", "'; DROP TABLE readings; --",
            "\\u202eevil", "${jndi:ldap://x/a}", "\\ud800", "x".repeat(70_000), "../../etc/passwd", "%00"};
        String field = random.nextBoolean() ? "station_id" : "source";
        String value = hostile[random.nextInt(hostile.length)];
        // A hostile source is refused only where the codec refuses it; a station never matches the registry.
        if (field.equals("source") && !value.startsWith("\\u0") && !value.startsWith("\\u001") && value.length() < 1000) {
            field = "station_id";
        }
        return json("hostile-string", maybeBatch(withField(field, "\"" + value + "\"")));
    }

    private BadRequest deepNesting() {
        int depth = random.nextInt(17, 100_000);
        String open = random.nextBoolean() ? "[" : "{\"a\":";
        String close = open.equals("[") ? "]" : "}";
        return json("deep-nesting", open.repeat(depth) + "1" + close.repeat(depth));
    }

    private BadRequest oneBadInABatch() {
        List<String> items = new ArrayList<>();
        int n = random.nextInt(2, 200);
        for (int i = 0; i < n; i++) {
            items.add(good(station()));
        }
        items.set(random.nextInt(n), withField("voted", "-1"));
        return json("one-bad-in-a-batch", "[" + String.join(",", items) + "]");
    }

    private BadRequest emptyish() {
        String[] bodies = {"", "[]", "{}", "null", "true", "\"reading\"", "[null]", "[[]]", "  ", "[{}]", "[1,2]",
            good(QN_1) + good(QN_2), "[" + good(QN_1) + "] x"};
        return json("empty-or-not-a-reading", bodies[random.nextInt(bodies.length)]);
    }

    private BadRequest badToken() {
        String[] auths = {null, "", "Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "Bearer " + IngestTokens.newToken(),
            "bearer edt_short", "Token " + IngestTokens.newToken(), "Bearer <script>", rootAuth + "x",
            rootAuth.toLowerCase(java.util.Locale.ROOT)};
        String auth = auths[random.nextInt(auths.length)];
        boolean csv = random.nextInt(4) == 0;
        return csv ? new BadRequest("bad-token", "POST", CSV_PATH, CSV, auth, bytes(HEADER + "\n" + csvRow(QN_1, "", "1", TIME, "3", "")))
                : new BadRequest("bad-token", "POST", PATH, JSON, auth, bytes(good(station())));
    }

    private BadRequest outOfScope() {
        String body = random.nextBoolean() ? good(HN_1) : "[" + good(QN_1) + "," + good(HN_1) + "]";
        if (random.nextInt(4) == 0) {
            return new BadRequest("out-of-scope", "POST", CSV_PATH, CSV, provinceAuth,
                    bytes(HEADER + "\n" + csvRow(QN_1, "main", "2", TIME, "4", "") + "\n" + csvRow(HN_1, "main", "2", TIME, "4", "")));
        }
        return new BadRequest("out-of-scope", "POST", PATH, JSON, provinceAuth, bytes(body));
    }

    private BadRequest wrongContentType() {
        String[] types = {null, "text/plain", "application/xml", "application/json; charset=iso-8859-1",
            "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/csv", "application/jsonx"};
        String type = types[random.nextInt(types.length)];
        if (random.nextInt(3) == 0) {
            String[] csvTypes = {"application/json", "text/plain", "text/csv; charset=latin1", null};
            return new BadRequest("wrong-content-type", "POST", CSV_PATH, csvTypes[random.nextInt(csvTypes.length)],
                    rootAuth, bytes(HEADER + "\n" + csvRow(QN_1, "", "1", TIME, "3", "")));
        }
        return new BadRequest("wrong-content-type", "POST", PATH, type, rootAuth, bytes(good(station())));
    }

    private BadRequest csvVariant() {
        String s = station();
        String[] bodies = {
            "",
            HEADER,
            HEADER + "\n\n\n",
            "station,source,seq,observed_at,voted\n" + csvRow(s, "", "1", TIME, "3", ""),
            "station_id,seq,observed_at\n" + s + ",1," + TIME,
            "station_id,seq,seq,observed_at,voted\n" + s + ",1,1," + TIME + ",3",
            HEADER + "\n" + s + ",main,1," + TIME + ",3",
            HEADER + "\n" + s + ",main,1," + TIME + ",3,,extra",
            HEADER + "\n" + s + ",\"main,1," + TIME + ",3,",
            HEADER + "\n" + csvRow(s, "main", "1", TIME, "-3", ""),
            HEADER + "\n" + csvRow(s, "main", "1", TIME, "3.5", ""),
            HEADER + "\n" + csvRow(s, "main", "0", TIME, "3", ""),
            HEADER + "\n" + csvRow(s, "main", "1", TIME, "many", ""),
            HEADER + "\n" + csvRow(s, "main", "1", TIME, "3", "-5"),
            HEADER + "\n" + csvRow(s, "main", "1", TIME, "99999999999", ""),
            HEADER + "\n" + csvRow(s, "main", "1", "2999-01-01T00:00:00+07:00", "3", ""),
            HEADER + "\n" + csvRow(s, "main", "1", "09:00", "3", ""),
            HEADER + "\n" + csvRow("VN-99-000", "main", "1", TIME, "3", ""),
            HEADER + "\n" + csvRow("\"<script>alert(1)</script>\"", "main", "1", TIME, "3", ""),
            HEADER + "\n" + csvRow(s, "main", "1", TIME, "3", "") + "\n" + csvRow(QN_COMMUNE, "main", "1", TIME, "3", ""),
            HEADER + "\n" + csvRow("", "main", "1", TIME, "3", ""),
            "\uFEFF" + HEADER + "\r\n" + csvRow(s, "main", "1", TIME, "", "") + "\r\n",
            "{\"station_id\":\"" + s + "\"}",
            HEADER + "\n" + csvRow(s, "main", "1", TIME, "NaN", ""),
        };
        if (random.nextInt(10) == 0) {
            byte[] latin1 = (HEADER + "\n" + csvRow(s, "Hộp phụ", "1", TIME, "3", "")).getBytes(StandardCharsets.ISO_8859_1);
            latin1[latin1.length - 12] = (byte) 0xE9;
            latin1[latin1.length - 11] = (byte) 0xFF;
            return new BadRequest("csv-variant", "POST", CSV_PATH, CSV, rootAuth, latin1);
        }
        return csv("csv-variant", bodies[random.nextInt(bodies.length)]);
    }

    private BadRequest wrongMethodOrPath() {
        String[][] targets = {{"GET", PATH}, {"PUT", PATH}, {"DELETE", PATH}, {"POST", "/api/v1/reading"},
            {"POST", "/api/v2/readings"}, {"POST", "/api/v1/readings/../readings.csv2"}, {"GET", "/api/v1/units/VN"}};
        String[] t = targets[random.nextInt(targets.length)];
        return new BadRequest("wrong-method-or-path", t[0], t[1], JSON, rootAuth, t[0].equals("GET") ? null : bytes(good(QN_1)));
    }

    private static String csvRow(String station, String source, String seq, String time, String voted, String registered) {
        return String.join(",", station, source, seq, time, voted, registered);
    }

    private BadRequest json(String kind, String body) {
        return new BadRequest(kind, "POST", PATH, JSON, rootAuth, bytes(body));
    }

    private BadRequest csv(String kind, String body) {
        return new BadRequest(kind, "POST", CSV_PATH, CSV, rootAuth, bytes(body));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The codec's count limit, restated here so the corpus does not depend on package-private details. */
    private static final class ReadingCodecLimits {
        static final long MAX_COUNT = vn.election.model.reading.ReadingCodec.MAX_COUNT;
    }
}
