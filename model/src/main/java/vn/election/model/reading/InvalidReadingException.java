package vn.election.model.reading;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown when a reading cannot be decoded or is not valid; carries every field error found. */
public final class InvalidReadingException extends Exception {

    private final transient List<FieldError> errors;

    public InvalidReadingException(List<FieldError> errors) {
        super(errors.stream().map(FieldError::toString).collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
