package vn.election.testing;

/** Pinned container images for tests, in one place. */
public final class DockerImageVersions {

    /** Same version as the kafka-clients and in-process broker jars. */
    public static final String KAFKA = "apache/kafka:4.2.1";

    private DockerImageVersions() {
    }
}
