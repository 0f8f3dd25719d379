package vn.election.dashboard.feed;

/** Whether the instance can do its job, and if not, the one-line reason /health gives. */
public record HealthStatus(boolean up, String reason) {

    static final HealthStatus UP = new HealthStatus(true, null);

    static HealthStatus down(String reason) {
        return new HealthStatus(false, reason);
    }
}
