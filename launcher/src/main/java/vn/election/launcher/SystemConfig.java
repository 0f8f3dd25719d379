package vn.election.launcher;

import java.nio.file.Path;
import vn.election.dashboard.web.ScreenConfig;
import vn.election.jobs.RegistryRef;
import vn.election.model.registry.Registry;

/**
 * Settings of the all-in-one system.
 *
 * @param bootstrapServers an existing Kafka to use, or null to start the in-process broker
 * @param dataDir where the broker log and Flink checkpoints live
 * @param ingestToken the token reporting units use, or null to make a fresh one scoped to the root
 * @param simulatorSpeed simulated seconds per second; 0 plays as fast as possible; negative turns it off
 * @param screen the dashboard's zone, lateness, target curve and baseline; null for the defaults
 * @param tokenStore ingest's token store file (re-read when it changes), or null for none
 * @param usersFile the dashboard's logins ('election-day user add'), or null for an open dashboard (loopback only)
 */
public record SystemConfig(Registry registry, RegistryRef registryRef, String bind, int dashboardPort, int ingestPort,
                           Path dataDir, String bootstrapServers, String topicPrefix, String ingestToken,
                           double simulatorSpeed, long seed, ScreenConfig screen, Path tokenStore, Path usersFile) {

    /** Without dashboard logins. */
    public SystemConfig(Registry registry, RegistryRef registryRef, String bind, int dashboardPort, int ingestPort,
                        Path dataDir, String bootstrapServers, String topicPrefix, String ingestToken,
                        double simulatorSpeed, long seed, ScreenConfig screen, Path tokenStore) {
        this(registry, registryRef, bind, dashboardPort, ingestPort, dataDir, bootstrapServers, topicPrefix, ingestToken,
                simulatorSpeed, seed, screen, tokenStore, null);
    }

    /** Without a token store. */
    public SystemConfig(Registry registry, RegistryRef registryRef, String bind, int dashboardPort, int ingestPort,
                        Path dataDir, String bootstrapServers, String topicPrefix, String ingestToken,
                        double simulatorSpeed, long seed, ScreenConfig screen) {
        this(registry, registryRef, bind, dashboardPort, ingestPort, dataDir, bootstrapServers, topicPrefix, ingestToken,
                simulatorSpeed, seed, screen, null);
    }

    public SystemConfig {
        if (screen == null) {
            screen = ScreenConfig.defaults();
        }
    }

    public boolean simulatorOn() {
        return simulatorSpeed >= 0;
    }

    /**
     * Webhook delivery of alerts inside the embedded system (off when not given).
     *
     * @param urls receivers sent every notification (may be empty with a routes file)
     * @param secret the signing secret, {@code whsec_<base64>} or a raw string
     * @param silencesFile a JSON file of silences, or null
     * @param routesFile a JSON file of routes (receivers sent the alerts they match), or null
     */
    public record Webhooks(java.util.List<java.net.URI> urls, String secret, Path silencesFile, Path routesFile) {

        /** Every receiver, routed or not, for the start-up summary. */
        public java.util.List<String> receivers() {
            java.util.List<String> all = new java.util.ArrayList<>(urls.stream().map(java.net.URI::toString).toList());
            if (routesFile != null) {
                all.add("routes in " + routesFile);
            }
            return all;
        }
    }
}
