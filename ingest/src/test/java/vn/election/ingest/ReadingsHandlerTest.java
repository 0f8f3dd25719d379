package vn.election.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReadingsHandlerTest {

    @Test
    void acceptsJsonInUtf8Only() {
        assertThat(ReadingsHandler.contentTypeProblem("application/json")).isNull();
        assertThat(ReadingsHandler.contentTypeProblem("Application/JSON; charset=UTF-8")).isNull();
        assertThat(ReadingsHandler.contentTypeProblem("application/json;charset=\"utf-8\"")).isNull();
        assertThat(ReadingsHandler.contentTypeProblem(null)).startsWith("missing");
        assertThat(ReadingsHandler.contentTypeProblem("text/plain")).contains("must be application/json");
        assertThat(ReadingsHandler.contentTypeProblem("application/x-www-form-urlencoded"))
                .contains("must be application/json");
        assertThat(ReadingsHandler.contentTypeProblem("application/json; charset=iso-8859-1"))
                .contains("charset must be UTF-8");
    }
}
