package vn.election.delivery;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import vn.election.edge.EdgeConfig;
import vn.election.model.registry.Registry;
import vn.election.model.service.ServiceEnv;
import vn.election.model.service.ServiceMain;

/** Alert delivery as a service of its own (one per deployment): in, environment variables ({@link #envNames()}); out, signed webhooks of the alerts topic, {@code /health} and {@code /metrics}, until SIGTERM. */
public final class AlertDeliveryMain {

    /** The prefix of this service's edge variables ({@code DELIVERY_PUBLIC_HOSTS}, ...). */
    static final String EDGE_PREFIX = "DELIVERY";

    private AlertDeliveryMain() {
    }

    /** Every environment variable this service reads. */
    public static Set<String> envNames() {
        Set<String> names = new TreeSet<>(DeliveryConfig.ENV.values());
        names.addAll(OpsConfig.ENV.values());
        names.addAll(EdgeConfig.envNames(EDGE_PREFIX));
        names.add(ServiceEnv.REGISTRY_FILE);
        return names;
    }

    public static void main(String[] args) {
        int code = ServiceMain.run("alert-delivery", () -> start(System.getenv()));
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Reads the environment (every setting checked before anything starts), starts the service and returns it. */
    static AlertDeliveryService start(Map<String, String> env) {
        Registry registry = ServiceEnv.registry(env);
        DeliveryConfig delivery = DeliveryConfig.fromEnv(env, registry);
        OpsConfig ops = OpsConfig.fromEnv(env);
        EdgeConfig edge = EdgeConfig.fromEnv(env, EDGE_PREFIX, ops.host());
        if (delivery.silencesFile() != null) {
            try {
                Silences.load(delivery.silencesFile(), registry);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(DeliveryConfig.ENV.get("silencesFile") + ": " + e.getMessage(), e);
            }
        }
        delivery.routes();   // a broken routes file refuses the start, naming its variable
        return AlertDeliveryService.start(delivery, ops, edge);
    }
}
