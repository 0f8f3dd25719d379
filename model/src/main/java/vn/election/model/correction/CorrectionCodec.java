package vn.election.model.correction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import vn.election.model.json.Json;

/** JSON codec for {@link Correction}, the value of {@code turnout.corrections} (docs/topics.md). */
public final class CorrectionCodec {

    private CorrectionCodec() {
    }

    public static byte[] encode(Correction c) {
        return toNode(c).toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The record as a JSON object, fields in a fixed order so the same correction is the same bytes. */
    public static ObjectNode toNode(Correction c) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("correction_id", c.correctionId());
        o.put("station_id", c.stationId());
        o.put("source", c.source());
        o.put("field", c.field());
        o.put("before", c.before());
        o.put("after", c.after());
        o.put("observed_at", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(c.observedAtLocal()));
        o.put("seq", c.seq());
        if (c.sentBy() == null) {
            o.putNull("sent_by");
        } else {
            o.put("sent_by", c.sentBy());
        }
        return o;
    }

    public static Correction decode(byte[] json) throws IOException {
        JsonNode n = Json.MAPPER.readTree(json);
        if (n == null || !n.isObject()) {
            throw new IOException("a correction must be a JSON object");
        }
        OffsetDateTime observed = OffsetDateTime.parse(required(n, "observed_at").asText());
        JsonNode sentBy = n.get("sent_by");
        return new Correction(required(n, "station_id").asText(), required(n, "source").asText(),
                required(n, "field").asText(), required(n, "before").asLong(), required(n, "after").asLong(),
                observed.toInstant(), observed.getOffset().getTotalSeconds(), required(n, "seq").asLong(),
                sentBy == null || sentBy.isNull() ? null : sentBy.asText());
    }

    private static JsonNode required(JsonNode n, String field) throws IOException {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new IOException("missing " + field);
        }
        return v;
    }
}
