package vn.election.ingest;

import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.election.model.service.ServiceEnv;
import vn.election.model.topic.TopicAdmin;
import vn.election.model.topic.Topics;

/** One-shot topic setup for a Kafka cluster: in, environment variables ({@link #envNames()}); out, every topic of {@link Topics} with its configs, existing ones left alone. */
public final class CreateTopicsMain {

    private static final Logger LOG = LoggerFactory.getLogger(CreateTopicsMain.class);
    public static final String TOPIC_PARTITIONS = "TOPIC_PARTITIONS";
    public static final String TOPIC_REPLICATION_FACTOR = "TOPIC_REPLICATION_FACTOR";

    private CreateTopicsMain() {
    }

    /** Every environment variable this command reads. */
    public static Set<String> envNames() {
        return Set.of(ServiceEnv.KAFKA_BOOTSTRAP_SERVERS, ServiceEnv.TOPIC_PREFIX, TOPIC_PARTITIONS, TOPIC_REPLICATION_FACTOR);
    }

    public static void main(String[] args) {
        Map<String, String> env = System.getenv();
        String bootstrap;
        int partitions;
        int replication;
        try {
            bootstrap = ServiceEnv.required(env, ServiceEnv.KAFKA_BOOTSTRAP_SERVERS, "host:port[,host:port...]");
            partitions = ServiceEnv.integer(env, TOPIC_PARTITIONS, 6, 1, 10_000);
            replication = ServiceEnv.integer(env, TOPIC_REPLICATION_FACTOR, 3, 1, Short.MAX_VALUE);
        } catch (IllegalArgumentException e) {
            System.err.println("create-topics: " + e.getMessage());
            System.exit(2);
            return;
        }
        String prefix = env.getOrDefault(ServiceEnv.TOPIC_PREFIX, "");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            TopicAdmin.createAll(admin, prefix, partitions, (short) replication);
            LOG.info("Topics ready on {}: {} topics, {} partitions, replication {}", bootstrap, Topics.all().size(),
                    partitions, replication);
        } catch (RuntimeException e) {
            LOG.error("create-topics failed: {}", e.getMessage());
            System.exit(1);
        }
    }
}
