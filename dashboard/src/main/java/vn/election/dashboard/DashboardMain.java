package vn.election.dashboard;

import io.vertx.core.Vertx;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import vn.election.dashboard.auth.AccessConfig;
import vn.election.dashboard.web.ScreenConfig;
import vn.election.edge.EdgeConfig;
import vn.election.model.registry.Registry;
import vn.election.model.service.ServiceEnv;
import vn.election.model.service.ServiceMain;

/** The dashboard as a service of its own (any number side by side): in, environment variables ({@link #envNames()}); out, the server until SIGTERM. */
public final class DashboardMain {

    private DashboardMain() {
    }

    /** Every environment variable this service reads. */
    public static Set<String> envNames() {
        Set<String> names = new TreeSet<>(DashboardConfig.ENV.values());
        names.addAll(ScreenConfig.ENV.values());
        names.addAll(EdgeConfig.envNames("DASHBOARD"));
        names.addAll(AccessConfig.ENV.values());
        names.add(ServiceEnv.REGISTRY_FILE);
        return names;
    }

    public static void main(String[] args) {
        int code = ServiceMain.run("dashboard", () -> start(System.getenv()));
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Reads the environment, starts the server and returns what stops it. */
    static AutoCloseable start(Map<String, String> env) {
        Registry registry = ServiceEnv.registry(env);
        DashboardConfig config = DashboardConfig.fromEnv(env, registry);
        Vertx vertx = Vertx.vertx();
        DashboardServer server;
        try {
            server = DashboardServer.start(vertx, config, EdgeConfig.fromEnv(env, "DASHBOARD", config.host())).await(120, TimeUnit.SECONDS);
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
