package vn.election.dashboard.web;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import vn.election.model.json.Json;

/**
 * Turns JSON trees into the text the dashboard sends, decimals always written plainly: a decimal that
 * went through {@code Json.MAPPER}'s parser has its trailing zeros stripped (50.00 becomes 5E+1), and
 * no wall screen or script should have to read exponents.
 */
public final class JsonText {

    private static final ObjectWriter WRITER = Json.MAPPER.writer().with(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    private JsonText() {
    }

    public static String of(JsonNode node) {
        try {
            return WRITER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
