package vn.election.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.election.ingest.IngestFixtures.HN_1;
import static vn.election.ingest.IngestFixtures.NOW;
import static vn.election.ingest.IngestFixtures.QN_1;
import static vn.election.ingest.IngestFixtures.QN_2;
import static vn.election.ingest.IngestFixtures.QN_COMMUNE;
import static vn.election.ingest.IngestFixtures.REGISTRY;
import static vn.election.ingest.IngestFixtures.array;
import static vn.election.ingest.IngestFixtures.json;
import static vn.election.ingest.IngestFixtures.reading;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import vn.election.ingest.ReadingBatchValidator.Invalid;
import vn.election.ingest.ReadingBatchValidator.Outcome;
import vn.election.ingest.ReadingBatchValidator.Valid;
import vn.election.model.reading.FieldError;
import vn.election.model.reading.Reading;

class ReadingBatchValidatorTest {

    private final ReadingBatchValidator validator = new ReadingBatchValidator(REGISTRY, 1000, Duration.ofMinutes(10));

    private Outcome validate(String body) {
        return validate(body, "VN");
    }

    private Outcome validate(String body, String scope) {
        return validator.validate(body.getBytes(StandardCharsets.UTF_8), scope, NOW);
    }

    private static Invalid invalid(Outcome outcome, int status) {
        assertThat(outcome).isInstanceOf(Invalid.class);
        Invalid invalid = (Invalid) outcome;
        assertThat(invalid.status()).as("status of %s", invalid.errors()).isEqualTo(status);
        return invalid;
    }

    private static String replace(String json, String field, String rawValue) {
        return json.replaceFirst("\"" + field + "\":[^,}]*", "\"" + field + "\":" + rawValue);
    }

    @Test
    void acceptsSingleObject() {
        Outcome outcome = validate(json(QN_1, 7, 812));

        assertThat(outcome).isEqualTo(new Valid(List.of(reading(QN_1, 7, 812))));
    }

    @Test
    void acceptsArrayInOrderKeepingSourceAndRegistered() {
        Reading mobile = Reading.of(QN_1, "mobile", 2, OffsetDateTime.parse("2021-05-23T09:30:00+07:00"), 20, 1236L);
        Outcome outcome = validate(array(json(QN_1, 7, 812), json(mobile), json(HN_1, 1, 0)));

        assertThat(outcome).isEqualTo(new Valid(List.of(reading(QN_1, 7, 812), mobile, reading(HN_1, 1, 0))));
    }

    @Test
    void reportsEveryErrorOfABatchWithItsIndex() {
        String body = array(
                json(QN_1, 1, 10),
                replace(json(QN_2, 1, 10), "voted", "-1"),
                json(QN_2, 2, 10).replace("\"seq\":2,", ""),
                json("VN-99-000-00000-001", 1, 10));

        Invalid invalid = invalid(validate(body), 400);

        assertThat(invalid.errors()).extracting(FieldError::index, FieldError::field)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1, "voted"),
                        org.assertj.core.groups.Tuple.tuple(2, "seq"),
                        org.assertj.core.groups.Tuple.tuple(3, "station_id"));
        assertThat(invalid.errorCount()).isEqualTo(3);
    }

    @Test
    void refusesUnknownStation() {
        Invalid invalid = invalid(validate(json("VN-22-001-00001-999", 1, 10)), 400);

        assertThat(invalid.errors()).containsExactly(
                new FieldError(0, "station_id", "unknown polling area VN-22-001-00001-999"));
    }

    @Test
    void refusesCommuneIdInsteadOfPollingArea() {
        Invalid invalid = invalid(validate(json(QN_COMMUNE, 1, 10)), 400);

        assertThat(invalid.errors()).containsExactly(
                new FieldError(0, "station_id", QN_COMMUNE + " is a commune, not a polling area"));
    }

    @Test
    void refusesObservedAtFurtherInTheFutureThanTheSkew() {
        String elevenMinutesAhead = "\"2021-05-23T10:11:00+07:00\"";

        Invalid invalid = invalid(validate(replace(json(QN_1, 1, 10), "observed_at", elevenMinutesAhead)), 400);

        assertThat(invalid.errors()).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("observed_at");
            assertThat(e.message()).contains("more than 10 minutes after the server's clock");
        });
    }

    @Test
    void acceptsObservedAtAheadWithinTheSkew() {
        String nineMinutesAhead = "\"2021-05-23T10:09:00+07:00\"";

        assertThat(validate(replace(json(QN_1, 1, 10), "observed_at", nineMinutesAhead))).isInstanceOf(Valid.class);
    }

    @Test
    void refusesASeqThatWouldFreezeItsStationNamingFieldAndIndex() {
        String absurd = replace(json(QN_2, 1, 10), "seq", String.valueOf(Long.MAX_VALUE));

        Invalid invalid = invalid(validate(array(json(QN_1, 1, 10), absurd)), 400);

        assertThat(invalid.errors()).singleElement().satisfies(e -> {
            assertThat(e.index()).isEqualTo(1);
            assertThat(e.field()).isEqualTo("seq");
            assertThat(e.message()).startsWith(Long.MAX_VALUE + " is above the highest seq taken, 1000000000")
                    .contains("hide every later reading of this station and source");
        });
        assertThat(validate(replace(json(QN_1, 1, 10), "seq", "1000000000"))).as("the bound itself")
                .isInstanceOf(Valid.class);
    }

    @Test
    void takesTheReportFormsEpochSecondsSeqUpToTheServerClock() {
        long nowSeconds = NOW.getEpochSecond();

        assertThat(validate(replace(json(QN_1, 1, 10), "seq", String.valueOf(nowSeconds)))).isInstanceOf(Valid.class);
        Invalid beyond = invalid(validate(replace(json(QN_1, 1, 10), "seq",
                String.valueOf(nowSeconds + Duration.ofMinutes(11).toSeconds()))), 400);
        assertThat(beyond.errors()).singleElement().satisfies(e -> assertThat(e.field()).isEqualTo("seq"));
    }

    @Test
    void refusesObservedAtMoreThanADayBeforeTheServerClock() {
        String in1900 = replace(json(QN_2, 1, 10), "observed_at", "\"1900-01-01T00:00:00+07:00\"");
        String dayBefore = replace(json(QN_1, 1, 10), "observed_at", "\"2021-05-22T09:59:00+07:00\"");

        Invalid invalid = invalid(validate(array(json(QN_1, 2, 10), in1900, dayBefore)), 400);

        assertThat(invalid.errors()).extracting(FieldError::index, FieldError::field).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1, "observed_at"), org.assertj.core.groups.Tuple.tuple(2, "observed_at"));
        assertThat(invalid.errors().get(0).message())
                .isEqualTo("1900-01-01T00:00+07:00 is more than 24 hours before the server's clock (" + NOW
                        + "); check the device's clock and time zone");
        assertThat(validate(replace(json(QN_1, 1, 10), "observed_at", "\"2021-05-22T10:01:00+07:00\"")))
                .as("23 h 59 min before").isInstanceOf(Valid.class);
    }

    @Test
    void refusesObservedAtBeforeTheConfiguredEarliestTimeAndTakesAnyAgeWhenTheBoundIsOff() {
        ReadingBatchValidator pollsOpenDay = new ReadingBatchValidator(REGISTRY, 1000, new ReadingBounds(
                IngestConfig.DEFAULT_MAX_SEQ, Duration.ofMinutes(10), Duration.ZERO,
                java.time.Instant.parse("2021-05-23T00:00:00Z")));
        ReadingBatchValidator replay = new ReadingBatchValidator(REGISTRY, 1000, new ReadingBounds(
                IngestConfig.DEFAULT_MAX_SEQ, Duration.ofMinutes(10), Duration.ZERO, null));
        byte[] early = replace(json(QN_1, 1, 10), "observed_at", "\"2021-05-23T06:59:00+07:00\"")
                .getBytes(StandardCharsets.UTF_8);

        Invalid invalid = invalid(pollsOpenDay.validate(early, "VN", NOW), 400);

        assertThat(invalid.errors()).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("observed_at");
            assertThat(e.message()).isEqualTo("2021-05-23T06:59+07:00 is before 2021-05-23T00:00:00Z, the earliest "
                    + "time this ingest takes (earliestObservedAt); check the device's clock");
        });
        assertThat(replay.validate(early, "VN", NOW.plus(Duration.ofDays(2000)))).isInstanceOf(Valid.class);
    }

    @Test
    void refusesNegativeVoted() {
        Invalid invalid = invalid(validate(replace(json(QN_1, 1, 10), "voted", "-5")), 400);

        assertThat(invalid.errors()).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("voted");
            assertThat(e.message()).contains("at least 0");
        });
    }

    @Test
    void refusesFractionalSeq() {
        Invalid invalid = invalid(validate(replace(json(QN_1, 1, 10), "seq", "1.5")), 400);

        assertThat(invalid.errors()).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("seq");
            assertThat(e.message()).contains("whole number");
        });
    }

    @Test
    void refusesMissingField() {
        Invalid invalid = invalid(validate(json(QN_1, 1, 10).replace(",\"voted\":10", "")), 400);

        assertThat(invalid.errors()).containsExactly(new FieldError(0, "voted", "missing; required"));
    }

    @Test
    void refusesEmptyArray() {
        Invalid invalid = invalid(validate("[]"), 400);

        assertThat(invalid.errors()).singleElement().satisfies(e -> assertThat(e.message()).startsWith("empty array"));
    }

    @Test
    void refusesEmptyBody() {
        Invalid invalid = invalid(validate(""), 400);

        assertThat(invalid.errors()).singleElement().satisfies(e -> assertThat(e.message()).startsWith("empty body"));
    }

    @Test
    void refusesMoreItemsThanMaxBatchWith413() {
        String item = json(QN_1, 1, 10);
        String body = "[" + String.join(",", Collections.nCopies(1001, item)) + "]";

        Invalid invalid = invalid(validate(body), 413);

        assertThat(invalid.errors()).singleElement().satisfies(e -> {
            assertThat(e.index()).isEqualTo(-1);
            assertThat(e.message()).contains("1001 readings").contains("at most 1000");
        });
    }

    @Test
    void acceptsExactlyMaxBatchItems() {
        String body = "[" + String.join(",", Collections.nCopies(1000, json(QN_1, 1, 10))) + "]";

        assertThat(validate(body)).isInstanceOfSatisfying(Valid.class, v -> assertThat(v.readings()).hasSize(1000));
    }

    @Test
    void refusesStationOutsideTheTokensScopeWith403() {
        Invalid invalid = invalid(validate(array(json(QN_1, 1, 10), json(HN_1, 1, 10)), "VN-22"), 403);

        assertThat(invalid.errors()).containsExactly(new FieldError(1, "station_id",
                HN_1 + " is outside the scope of your token (unit VN-22)"));
    }

    @Test
    void acceptsStationsWithinTheTokensScope() {
        assertThat(validate(array(json(QN_1, 1, 10), json(QN_2, 1, 10)), "VN-22")).isInstanceOf(Valid.class);
        assertThat(validate(json(QN_1, 1, 10), QN_1)).isInstanceOf(Valid.class);
    }

    @Test
    void badRequestWinsOverScopeAndListsBoth() {
        String body = array(json(HN_1, 1, 10), replace(json(QN_1, 1, 10), "voted", "-1"));

        Invalid invalid = invalid(validate(body, "VN-22"), 400);

        assertThat(invalid.errors()).extracting(FieldError::index).containsExactly(0, 1);
        assertThat(invalid.errors().get(0).message()).contains("outside the scope of your token");
    }

    @Test
    void refusesTruncatedJson() {
        String truncated = array(json(QN_1, 1, 10), json(QN_2, 1, 10)).substring(0, 80);

        Invalid invalid = invalid(validate(truncated), 400);

        assertThat(invalid.errors()).singleElement().satisfies(e -> {
            assertThat(e.index()).isEqualTo(-1);
            assertThat(e.message()).startsWith("malformed JSON");
        });
    }

    @Test
    void refusesTrailingContentAndScalarsAndBadBytes() {
        assertThat(invalid(validate(json(QN_1, 1, 10) + " {}"), 400).errors().get(0).message())
                .contains("more content");
        assertThat(invalid(validate("42"), 400).errors().get(0).message()).contains("got a number");
        assertThat(invalid(validate("null"), 400).errors().get(0).message()).contains("got null");
        assertThat(invalid(validate("[1, \"x\"]"), 400).errors()).extracting(FieldError::index).containsExactly(0, 1);
        byte[] notUtf8 = {'[', '{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}', ']'};
        assertThat(validator.validate(notUtf8, "VN", NOW)).isInstanceOfSatisfying(Invalid.class,
                i -> assertThat(i.status()).isEqualTo(400));
    }

    @Test
    void refusesHostileStrings() {
        String veryLong = "A".repeat(100_000);
        String scriptTag = "<script>alert(1)</script>";
        String body = array(
                json(QN_1, 1, 10).replace(QN_1, "X".repeat(500)),
                json(QN_1, 1, 10).replace(QN_1, "VN-22\\u0000\\u001b[31m"),
                json(QN_1, 1, 10).replace(QN_1, scriptTag),
                json(QN_1, 1, 10).replace("\"main\"", "\"mo\\nbile\""));

        Invalid invalid = invalid(validate(body), 400);

        assertThat(invalid.errors()).extracting(FieldError::index, FieldError::field, FieldError::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple(0, "station_id", "longer than 128 characters"),
                org.assertj.core.groups.Tuple.tuple(1, "station_id", "contains a control character"),
                org.assertj.core.groups.Tuple.tuple(2, "station_id", "unknown polling area " + scriptTag),
                org.assertj.core.groups.Tuple.tuple(3, "source", "contains a control character"));
        // Over the parser's string limit: refused while parsing, before any tree is built.
        assertThat(invalid(validate(json(QN_1, 1, 10).replace(QN_1, veryLong)), 400).errors().get(0).message())
                .startsWith("malformed JSON");
        assertThat(invalid(validate("[".repeat(5000) + "]".repeat(5000)), 400).errors().get(0).message())
                .startsWith("malformed JSON");
    }

    @Test
    void capsTheErrorListAtAHundredAndCountsAll() {
        String bad = replace(json(QN_1, 1, 10), "voted", "-1");
        String body = "[" + String.join(",", Collections.nCopies(150, bad)) + "]";

        Invalid invalid = invalid(validate(body), 400);

        assertThat(invalid.errors()).hasSize(ReadingBatchValidator.MAX_REPORTED_ERRORS);
        assertThat(invalid.errorCount()).isEqualTo(150);
        assertThat(invalid.errors().get(99).index()).isEqualTo(99);
    }

    @Test
    void neverThrowsWhateverTheBytes() {
        String valid = array(json(QN_1, 1, 10), json(QN_2, 2, 20), json(HN_1, 3, 30));
        byte[] base = valid.getBytes(StandardCharsets.UTF_8);
        String alphabet = "{}[]\",:-.0123456789eE+ \\u\u0000\u00ffnulltrue";
        Random random = new Random(20210523);
        for (int i = 0; i < 5000; i++) {
            byte[] mutated = switch (i % 4) {
                case 0 -> Arrays.copyOf(base, random.nextInt(base.length));
                case 1 -> flip(base.clone(), random, 1 + random.nextInt(4));
                case 2 -> insert(valid, random, alphabet).getBytes(StandardCharsets.UTF_8);
                default -> randomBytes(random, random.nextInt(200));
            };

            Outcome outcome = validator.validate(mutated, "VN-22", NOW);

            assertThat(outcome).as(new String(mutated, StandardCharsets.UTF_8)).satisfiesAnyOf(
                    o -> assertThat(o).isInstanceOf(Valid.class),
                    o -> assertThat(((Invalid) o).status()).isIn(400, 403, 413));
        }
    }

    private static byte[] flip(byte[] bytes, Random random, int times) {
        for (int t = 0; t < times; t++) {
            bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
        }
        return bytes;
    }

    private static String insert(String text, Random random, String alphabet) {
        int at = random.nextInt(text.length());
        return text.substring(0, at) + alphabet.charAt(random.nextInt(alphabet.length())) + text.substring(at);
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
