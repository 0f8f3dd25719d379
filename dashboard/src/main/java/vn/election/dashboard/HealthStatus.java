package vn.election.dashboard;

/** Whether the instance can do its job, and if not, the one-line reason /health gives. */
record HealthStatus(boolean up, String reason) {

    static final HealthStatus UP = new HealthStatus(true, null);

    static HealthStatus down(String reason) {
        return new HealthStatus(false, reason);
    }
}
