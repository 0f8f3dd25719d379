package vn.election.ingest;

import io.vertx.core.Vertx;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import vn.election.edge.EdgeConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.election.model.registry.Registry;
import vn.election.model.service.ServiceEnv;
import vn.election.model.service.ServiceMain;

/** Ingest as a service of its own (containers, Kubernetes): in, environment variables ({@link #envNames()}); out, the HTTP gateway until SIGTERM. */
public final class IngestMain {

    private static final Logger LOG = LoggerFactory.getLogger(IngestMain.class);
    /** A token scoped to the registry's root, for a deployment without a token store (at least 16 characters). */
    public static final String INGEST_TOKEN = "INGEST_TOKEN";

    private IngestMain() {
    }

    /** Every environment variable this service reads. */
    public static Set<String> envNames() {
        Set<String> names = new TreeSet<>(IngestConfig.ENV.values());
        names.add(ServiceEnv.REGISTRY_FILE);
        names.add(INGEST_TOKEN);
        names.addAll(EdgeConfig.envNames("INGEST"));
        return names;
    }

    public static void main(String[] args) {
        int code = ServiceMain.run("ingest", () -> start(System.getenv()));
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Reads the environment, starts the gateway and returns what stops it. */
    static AutoCloseable start(Map<String, String> env) {
        Registry registry = ServiceEnv.registry(env);
        IngestConfig config = IngestConfig.fromEnv(env, registry);
        IngestTokens tokens = new IngestTokens();
        String token = env.get(INGEST_TOKEN);
        if (token != null && !token.isBlank()) {
            tokens.register(token.strip(), registry.root());
        } else if (config.tokenStore() == null) {
            LOG.warn("Neither {} nor {} is set: no reporting unit can send readings", INGEST_TOKEN,
                    IngestConfig.ENV.get("tokenStore"));
        }
        Vertx vertx = Vertx.vertx();
        IngestServer server;
        try {
            server = IngestServer.start(vertx, config, tokens, EdgeConfig.fromEnv(env, "INGEST", config.host())).await(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close();
            throw e instanceof IllegalArgumentException iae ? iae : new IllegalStateException(e.getMessage(), e);
        }
        return () -> {
            server.close().await(10, TimeUnit.SECONDS);
            vertx.close().await(10, TimeUnit.SECONDS);
        };
    }
}
