package vn.election.model.reading;

/** What is wrong with one field of one item of a request: the item's index, the field, and why. */
public record FieldError(int index, String field, String message) {

    @Override
    public String toString() {
        return (index >= 0 ? "[" + index + "] " : "") + field + ": " + message;
    }
}
