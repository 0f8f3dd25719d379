package vn.election.launcher.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.election.launcher.deploy.DeploymentFiles.DOCKER;
import static vn.election.launcher.deploy.DeploymentFiles.list;
import static vn.election.launcher.deploy.DeploymentFiles.map;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.election.dashboard.DashboardMain;
import vn.election.delivery.AlertDeliveryMain;
import vn.election.ingest.IngestMain;
import vn.election.model.topic.Topic;
import vn.election.model.topic.Topics;

/** Checks the structure of docker/k8s (Strimzi Kafka, Flink operator FlinkDeployment, ingest, dashboards, alert delivery) without a cluster. */
class KubernetesManifestsTest {

    private static final Path K8S = DOCKER.resolve("k8s");
    private static final String NAMESPACE = "election-day";
    private static final Map<String, String> API_VERSIONS = Map.of(
            "Namespace", "v1", "PersistentVolumeClaim", "v1", "Service", "v1", "Deployment", "apps/v1",
            "Kafka", "kafka.strimzi.io/v1beta2", "KafkaNodePool", "kafka.strimzi.io/v1beta2",
            "KafkaTopic", "kafka.strimzi.io/v1beta2", "FlinkDeployment", "flink.apache.org/v1beta1");

    private static final List<Map<String, Object>> docs = new ArrayList<>();

    @BeforeAll
    static void load() throws IOException {
        try (Stream<Path> files = Files.list(K8S)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml") && !p.endsWith("kustomization.yaml")).sorted().toList()) {
                docs.addAll(DeploymentFiles.yamlDocuments(f));
            }
        }
    }

    @Test
    void everyResourceHasAKnownKindItsApiVersionANameAndTheNamespace() {
        assertThat(docs).isNotEmpty();
        for (Map<String, Object> d : docs) {
            String kind = (String) d.get("kind");
            assertThat(API_VERSIONS).as("kind %s", kind).containsKey(kind);
            assertThat(d.get("apiVersion")).as(kind).isEqualTo(API_VERSIONS.get(kind));
            assertThat(metadata(d).get("name")).as(kind).isNotNull();
            if (!kind.equals("Namespace")) {
                assertThat(metadata(d).get("namespace")).as("%s %s", kind, metadata(d).get("name")).isEqualTo(NAMESPACE);
            }
        }
        assertThat(kinds()).containsAll(API_VERSIONS.keySet());
    }

    @Test
    void kustomizationListsEveryManifest() throws IOException {
        Set<String> files;
        try (Stream<Path> s = Files.list(K8S)) {
            files = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        Map<String, Object> k = DeploymentFiles.yamlDocuments(K8S.resolve("kustomization.yaml")).get(0);
        assertThat(new TreeSet<>(list(k.get("resources")).stream().map(String::valueOf).toList())).isEqualTo(files);
    }

    @Test
    void kafkaIsAKraftNodePoolOfThreeWithReplicationThreeAndMinIsrTwo() {
        Map<String, Object> kafka = one("Kafka");
        assertThat(map(metadata(kafka).get("annotations"))).containsEntry("strimzi.io/kraft", "enabled")
                .containsEntry("strimzi.io/node-pools", "enabled");
        Map<String, Object> spec = map(map(kafka.get("spec")).get("kafka"));
        assertThat(map(spec.get("config"))).containsEntry("default.replication.factor", 3).containsEntry("min.insync.replicas", 2)
                .containsEntry("offsets.topic.replication.factor", 3).containsEntry("transaction.state.log.min.isr", 2)
                .containsEntry("auto.create.topics.enable", false);
        Map<String, Object> pool = one("KafkaNodePool");
        assertThat(labels(pool)).containsEntry("strimzi.io/cluster", metadata(kafka).get("name"));
        assertThat(map(pool.get("spec")).get("replicas")).isEqualTo(3);
        assertThat(list(map(pool.get("spec")).get("roles"))).containsExactlyInAnyOrder("controller", "broker");
    }

    @Test
    void kafkaTopicsAreExactlyTheModelsTopicsWithTheirConfigs() {
        Map<String, Map<String, String>> declared = new TreeMap<>();
        for (Map<String, Object> t : all("KafkaTopic")) {
            assertThat(labels(t)).containsEntry("strimzi.io/cluster", metadata(one("Kafka")).get("name"));
            Map<String, Object> spec = map(t.get("spec"));
            assertThat(spec.get("replicas")).isEqualTo(3);
            Map<String, String> config = new HashMap<>();
            map(spec.get("config")).forEach((k, v) -> config.put(k, String.valueOf(v)));
            declared.put((String) spec.get("topicName"), config);
        }
        Map<String, Map<String, String>> expected = new TreeMap<>();
        for (Topic<?, ?> t : Topics.all()) {
            expected.put(t.name(), t.config());
        }
        assertThat(declared).isEqualTo(expected);
    }

    @Test
    void flinkDeploymentRunsTheJobJarWithSavepointUpgradesAndCheckpointsOnAVolume() {
        Map<String, Object> fd = one("FlinkDeployment");
        Map<String, Object> spec = map(fd.get("spec"));
        assertPinnedToOurTag((String) spec.get("image"), "election-day/job");
        Map<String, Object> job = map(spec.get("job"));
        assertThat(DeploymentFiles.read(DOCKER.resolve("Dockerfile")))
                .contains(((String) job.get("jarURI")).replace("local://", ""));
        assertThat(job).containsEntry("entryClass", "vn.election.jobs.TurnoutJob").containsEntry("upgradeMode", "savepoint");
        assertThat((Integer) job.get("parallelism")).isPositive();
        List<Object> args = list(job.get("args"));
        assertThat(args).containsSubsequence("--bootstrap-servers", bootstrap());
        String checkpoints = (String) args.get(args.indexOf("--checkpoint-dir") + 1);
        assertThat(map(spec.get("flinkConfiguration"))).containsEntry("execution.checkpointing.dir", checkpoints)
                .containsKey("execution.checkpointing.savepoint-dir")
                .containsEntry("metrics.reporter.prom.factory.class", "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        Map<String, Object> pod = map(map(spec.get("podTemplate")).get("spec"));
        Map<String, Object> mount = map(list(map(list(pod.get("containers")).get(0)).get("volumeMounts")).get(0));
        assertThat(checkpoints).startsWith("file://" + mount.get("mountPath") + "/");
        String claim = (String) map(map(list(pod.get("volumes")).get(0)).get("persistentVolumeClaim")).get("claimName");
        assertThat(all("PersistentVolumeClaim").stream().map(p -> metadata(p).get("name"))).contains(claim);
        assertThat(map(spec.get("taskManager")).get("replicas")).isEqualTo(2);
    }

    @Test
    void ingestAndDashboardsUseKnownVariablesPinnedImagesAndMatchingPorts() {
        checkService("ingest", IngestMain.envNames(), "INGEST_PORT", 1);
        checkService("dashboard", DashboardMain.envNames(), "DASHBOARD_PORT", 2);
        checkService("alert-delivery", AlertDeliveryMain.envNames(), "DELIVERY_PORT", 1);
    }

    @Test
    void alertDeliveryIsOneReplicaWithTheReceiversAndSecretFromASecret() {
        Map<String, Object> spec = map(all("Deployment").stream().filter(d -> metadata(d).get("name").equals("alert-delivery"))
                .findFirst().orElseThrow().get("spec"));
        // One instance: grouping is per instance, and a rolling update would briefly run two.
        assertThat(spec.get("replicas")).isEqualTo(1);
        assertThat(map(spec.get("strategy"))).containsEntry("type", "Recreate");
        Map<String, Object> container = map(list(map(map(spec.get("template")).get("spec")).get("containers")).get(0));
        Map<String, Map<String, Object>> fromSecret = new HashMap<>();
        for (Object e : list(container.get("env"))) {
            Map<String, Object> ref = map(map(map(e).get("valueFrom")).get("secretKeyRef"));
            if (!ref.isEmpty()) {
                fromSecret.put((String) map(e).get("name"), ref);
            }
        }
        assertThat(fromSecret).containsKeys("DELIVERY_WEBHOOK_URLS", "DELIVERY_WEBHOOK_SECRET", "DELIVERY_METRICS_TOKEN");
        assertThat(fromSecret.get("DELIVERY_WEBHOOK_SECRET")).containsEntry("name", "election-day-alert-delivery");
        assertThat(fromSecret.get("DELIVERY_METRICS_TOKEN")).containsEntry("name", "election-day-dashboard")
                .containsEntry("key", "metrics-token");
    }

    private static void checkService(String name, Set<String> known, String portVariable, int minReplicas) {
        Map<String, Object> deployment = all("Deployment").stream().filter(d -> metadata(d).get("name").equals(name))
                .findFirst().orElseThrow();
        Map<String, Object> spec = map(deployment.get("spec"));
        assertThat((Integer) spec.get("replicas")).isGreaterThanOrEqualTo(minReplicas);
        Map<String, Object> template = map(spec.get("template"));
        assertThat(labels(template)).containsAllEntriesOf(map(map(spec.get("selector")).get("matchLabels")));
        Map<String, Object> container = map(list(map(template.get("spec")).get("containers")).get(0));
        assertPinnedToOurTag((String) container.get("image"), "election-day/" + name);
        Map<String, String> env = new HashMap<>();
        for (Object e : list(container.get("env"))) {
            env.put((String) map(e).get("name"), String.valueOf(map(e).getOrDefault("value", "(from a secret)")));
        }
        assertThat(env.keySet()).as(name).isSubsetOf(known);
        assertThat(env).containsEntry("KAFKA_BOOTSTRAP_SERVERS", bootstrap());
        int port = Integer.parseInt(env.get(portVariable));
        assertThat(map(list(container.get("ports")).get(0)).get("containerPort")).isEqualTo(port);
        Map<String, Object> probe = map(map(container.get("readinessProbe")).get("httpGet"));
        assertThat(probe).containsEntry("path", "/health").containsEntry("port", port);
        Map<String, Object> service = all("Service").stream().filter(s -> metadata(s).get("name").equals(name)).findFirst()
                .orElseThrow();
        assertThat(map(map(service.get("spec")).get("selector"))).isEqualTo(map(map(spec.get("selector")).get("matchLabels")));
        assertThat(map(list(map(service.get("spec")).get("ports")).get(0)).get("targetPort")).isEqualTo(port);
    }

    private static void assertPinnedToOurTag(String image, String repository) {
        assertThat(DeploymentFiles.pinned(image)).as(image).isTrue();
        assertThat(image).isEqualTo(repository + ":" + DeploymentFiles.dotEnv().get("ELECTION_DAY_TAG"));
    }

    /** The Strimzi bootstrap Service of the Kafka resource's plain listener. */
    private static String bootstrap() {
        Map<String, Object> kafka = one("Kafka");
        Object port = map(list(map(map(kafka.get("spec")).get("kafka")).get("listeners")).get(0)).get("port");
        return metadata(kafka).get("name") + "-kafka-bootstrap:" + port;
    }

    private static Set<String> kinds() {
        return docs.stream().map(d -> (String) d.get("kind")).collect(Collectors.toSet());
    }

    private static List<Map<String, Object>> all(String kind) {
        return docs.stream().filter(d -> kind.equals(d.get("kind"))).toList();
    }

    private static Map<String, Object> one(String kind) {
        assertThat(all(kind)).as(kind).hasSize(1);
        return all(kind).get(0);
    }

    private static Map<String, Object> metadata(Map<String, Object> d) {
        return map(d.get("metadata"));
    }

    private static Map<String, Object> labels(Map<String, Object> d) {
        return map(metadata(d).get("labels"));
    }
}
