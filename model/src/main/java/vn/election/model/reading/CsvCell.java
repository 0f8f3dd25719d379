package vn.election.model.reading;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.regex.Pattern;

/**
 * One cell of a readings CSV (an upload or a replay file) as the JSON value the reading codec judges:
 * a whole number as a number, a fraction as a fraction, anything else as a string, so a CSV reading
 * gets exactly the errors the same reading in JSON would.
 */
public final class CsvCell {

    private static final Pattern INTEGER = Pattern.compile("[-+]?\\d{1,40}");
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private CsvCell() {
    }

    public static JsonNode number(String value) {
        if (INTEGER.matcher(value).matches()) {
            return NODES.numberNode(new BigInteger(value));
        }
        if (value.length() <= 40) {
            try {
                return NODES.numberNode(new BigDecimal(value));
            } catch (NumberFormatException notANumber) {
                // A string, which the codec refuses as "must be a whole number".
            }
        }
        return NODES.textNode(value);
    }
}
