package vn.election.model.registry;

/** A registry file that cannot be used; the message names the file line and what is wrong. */
public final class RegistryException extends RuntimeException {

    public RegistryException(String message) {
        super(message);
    }

    public RegistryException(String message, Throwable cause) {
        super(message, cause);
    }

    static RegistryException atLine(int line, String message) {
        return new RegistryException("line " + line + ": " + message);
    }
}
