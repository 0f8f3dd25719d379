package vn.election.model.service;

import java.nio.file.Path;
import java.util.Map;
import vn.election.model.registry.Registry;
import vn.election.model.registry.RegistryLoader;

/** Environment variables shared by the separately deployed services (ingest, dashboard, topic setup): in, a map of the environment; out, the registry and Kafka settings. */
public final class ServiceEnv {

    /** Registry CSV path, or {@code demo} for the bundled demo registry. */
    public static final String REGISTRY_FILE = "REGISTRY_FILE";
    /** Kafka bootstrap servers, {@code host:port[,host:port...]}. */
    public static final String KAFKA_BOOTSTRAP_SERVERS = "KAFKA_BOOTSTRAP_SERVERS";
    /** Prefix of every topic name; empty by default. */
    public static final String TOPIC_PREFIX = "TOPIC_PREFIX";

    private ServiceEnv() {
    }

    /** The registry {@link #REGISTRY_FILE} names; refused, naming the variable, when it is unset. */
    public static Registry registry(Map<String, String> env) {
        String value = required(env, REGISTRY_FILE, "a registry CSV path, or 'demo' for the bundled demo registry");
        return value.equals("demo") ? RegistryLoader.bundledDemo() : RegistryLoader.load(Path.of(value));
    }

    /** The stripped value of {@code name}; refused with what was expected when unset or blank. */
    public static String required(Map<String, String> env, String name, String expected) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("environment variable " + name + " is required: " + expected);
        }
        return value.strip();
    }

    /** An integer variable, {@code fallback} when unset; refused naming the variable when not a number in range. */
    public static int integer(Map<String, String> env, String name, int fallback, int min, int max) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below with the expected range
        }
        throw new IllegalArgumentException("environment variable " + name + ": expected an integer " + min + ".."
                + max + ", got '" + value + "'");
    }
}
