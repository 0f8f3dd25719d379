package vn.election.launcher.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One Kafka node as its own JVM: KRaft broker and controller combined, its log under {@code dir}, its
 * server.properties written from the cluster's settings; formatted once, then started, killed and
 * started again with the same id, ports and log.
 */
public final class KafkaBrokerProcess {

    private final int nodeId;
    private final int port;
    private final int controllerPort;
    private final Path dir;
    private final ChildJvm jvm;
    private final ChildJvm formatter;

    KafkaBrokerProcess(int nodeId, int port, int controllerPort, String voters, Path dir, Path logs, ChildClasspath classpath,
                       List<String> jvmFlags, String loggingFlag, String clusterId) throws IOException {
        this.nodeId = nodeId;
        this.port = port;
        this.controllerPort = controllerPort;
        this.dir = dir;
        Path properties = dir.resolve("server.properties");
        Files.createDirectories(dir.resolve("log"));
        Files.writeString(properties, serverProperties(voters));
        List<String> flags = new java.util.ArrayList<>(jvmFlags);
        flags.add(loggingFlag);
        this.jvm = new ChildJvm("kafka-" + nodeId, flags, classpath.forKafka(), "kafka.Kafka",
                List.of(properties.toString()), logs.resolve("kafka-" + nodeId + ".log"));
        // --ignore-formatted: a kept --data-dir is used as it is.
        this.formatter = new ChildJvm("kafka-" + nodeId + "-format", List.of("-Xmx256m", loggingFlag),
                classpath.forKafka(), "kafka.tools.StorageTool", List.of("format", "--ignore-formatted", "--cluster-id",
                clusterId, "--config", properties.toString()), logs.resolve("kafka-" + nodeId + "-format.log"));
    }

    private String serverProperties(String voters) {
        return String.join("\n",
                "# Written by 'election-day cluster': node " + nodeId + " of a three-node KRaft cluster on loopback.",
                "process.roles=broker,controller",
                "node.id=" + nodeId,
                "controller.quorum.voters=" + voters,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + dir.resolve("log").toAbsolutePath(),
                "num.partitions=4",
                "default.replication.factor=3",
                "min.insync.replicas=2",
                "offsets.topic.replication.factor=3",
                "transaction.state.log.replication.factor=3",
                "transaction.state.log.min.isr=2",
                "share.coordinator.state.topic.replication.factor=3",
                "share.coordinator.state.topic.min.isr=2",
                "unclean.leader.election.enable=false",
                "auto.create.topics.enable=false",
                "group.initial.rebalance.delay.ms=0",
                // A killed node is fenced after this long without heartbeats (the default is 9 s).
                "broker.session.timeout.ms=6000",
                "broker.heartbeat.interval.ms=1000",
                "");
    }

    /** Formats the log directory for the cluster id (skipped when it already is). */
    void format() throws IOException, InterruptedException {
        formatter.runToEnd(Duration.ofSeconds(60));
    }

    public void start() throws IOException {
        jvm.start();
    }

    /** Kills the broker at once (SIGKILL), as a crash would. */
    public void kill() {
        jvm.kill();
    }

    /** Stops the broker cleanly (SIGTERM), killing it after 20 s. */
    public void stop() {
        jvm.stop(Duration.ofSeconds(20));
    }

    public int nodeId() {
        return nodeId;
    }

    /** {@code 127.0.0.1:PORT} of its client listener. */
    public String address() {
        return "127.0.0.1:" + port;
    }

    public ChildJvm jvm() {
        return jvm;
    }
}
