package vn.election.model.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/** The one Jackson mapper every codec uses: strict about duplicates, bounded against hostile nesting. */
public final class Json {

    /** Shared, thread-safe once configured. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // Keep 50.00 as 50.00 when a parsed tree is written again, not 5E+1.
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    static {
        // A reading is tiny: refuse deep nesting and giant strings before they cost memory.
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(16)
                .maxStringLength(64 * 1024)
                .maxNumberLength(40)
                .build());
    }

    private Json() {
    }
}
