package vn.election.launcher;

import java.nio.file.Path;
import vn.election.dashboard.ScreenConfig;
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
 */
public record SystemConfig(Registry registry, RegistryRef registryRef, String bind, int dashboardPort, int ingestPort,
                           Path dataDir, String bootstrapServers, String topicPrefix, String ingestToken,
                           double simulatorSpeed, long seed, ScreenConfig screen) {

    public SystemConfig {
        if (screen == null) {
            screen = ScreenConfig.defaults();
        }
    }

    public boolean simulatorOn() {
        return simulatorSpeed >= 0;
    }
}
