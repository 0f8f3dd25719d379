package vn.election.model.topic;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates the system's topics ({@link Topics}) on a cluster and waits until they serve. */
public final class TopicAdmin {

    private TopicAdmin() {
    }

    /**
     * Creates every topic that does not exist yet (existing ones are left as they are), then waits until
     * each partition's leader serves requests: a write to a partition whose leader is not ready yet can
     * leave an idempotent producer's sequence numbers out of step with the broker.
     */
    public static void createAll(Admin admin, String prefix, int partitions, short replication) {
        Set<String> existing;
        try {
            existing = admin.listTopics().names().get();
            List<NewTopic> missing = Topics.all().stream().map(t -> t.withPrefix(prefix)).filter(t -> !existing.contains(t.name()))
                    .map(t -> new NewTopic(t.name(), Optional.of(partitions), Optional.of(replication)).configs(t.config()))
                    .toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
                awaitLeaders(admin, missing.stream().map(NewTopic::name).toList(), Duration.ofSeconds(30));
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topics: " + e.getCause().getMessage(), e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    /** Waits until the leader of every partition of {@code topics} answers a ListOffsets request. */
    static void awaitLeaders(Admin admin, List<String> topics, Duration timeout)
            throws InterruptedException, ExecutionException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
                admin.describeTopics(topics).allTopicNames().get().forEach((name, d) -> d.partitions()
                        .forEach(p -> partitions.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
                admin.listOffsets(partitions).all().get();
                return;
            } catch (ExecutionException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50);   // leadership is a matter of milliseconds on a healthy broker
            }
        }
    }

}
