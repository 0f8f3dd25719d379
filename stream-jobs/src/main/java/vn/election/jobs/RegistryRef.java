package vn.election.jobs;

import java.io.ByteArrayInputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import vn.election.model.registry.Registry;
import vn.election.model.registry.RegistryLoader;

/**
 * Where the job's operators find the registry: a file, the bundled demo, or inline CSV text. Operators
 * carry this small reference instead of the registry itself, and every operator in one JVM shares one
 * loaded copy (a national registry is 80,000 units: one copy per operator would be wasted memory).
 */
public record RegistryRef(String kind, String value) implements Serializable {

    private static final Map<RegistryRef, Registry> LOADED = new ConcurrentHashMap<>();

    public static RegistryRef file(Path path) {
        return new RegistryRef("file", path.toAbsolutePath().toString());
    }

    public static RegistryRef bundledDemo() {
        return new RegistryRef("demo", "");
    }

    public static RegistryRef inline(String csv) {
        return new RegistryRef("inline", csv);
    }

    /** The registry, loaded once per JVM. */
    public Registry load() {
        return LOADED.computeIfAbsent(this, ref -> switch (ref.kind) {
            case "file" -> RegistryLoader.load(Path.of(ref.value));
            case "demo" -> RegistryLoader.bundledDemo();
            case "inline" -> RegistryLoader.load(new ByteArrayInputStream(ref.value.getBytes(StandardCharsets.UTF_8)),
                    "inline registry");
            default -> throw new IllegalArgumentException("unknown registry kind " + ref.kind);
        });
    }

    @Override
    public String toString() {
        return kind.equals("inline") ? "inline registry (" + value.length() + " chars)" : kind + " " + value;
    }
}
