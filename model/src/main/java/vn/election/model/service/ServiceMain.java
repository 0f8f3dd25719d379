package vn.election.model.service;

import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.election.model.registry.RegistryException;

/** Runs a service until the JVM is asked to stop (SIGTERM, Ctrl-C): in, a start and a stop action; out, an exit code, 2 with one line on bad configuration. */
public final class ServiceMain {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceMain.class);

    /** Starts a service; what it returns stops it. */
    @FunctionalInterface
    public interface Starter {
        AutoCloseable start() throws Exception;
    }

    private ServiceMain() {
    }

    /**
     * Starts the service and blocks until shutdown; the shutdown hook stops it before the JVM exits.
     * Returns 2 for a configuration error (an {@link IllegalArgumentException} or a broken registry, printed as
     * one line),
     * 1 when the start failed otherwise; it does not return while the service runs.
     */
    public static int run(String name, Starter starter) {
        AutoCloseable running;
        try {
            running = starter.start();
        } catch (IllegalArgumentException | RegistryException e) {
            System.err.println(name + ": " + e.getMessage());
            return 2;
        } catch (Exception e) {
            // One line for the operator; the stack trace only when debugging.
            System.err.println(name + ": cannot start: " + e.getMessage());
            LOG.debug("{} failed to start", name, e);
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("{} stopping", name);
            try {
                running.close();
            } catch (Exception e) {
                LOG.warn("{} did not stop cleanly: {}", name, e.getMessage());
            }
            LOG.info("{} stopped", name);
            stopped.countDown();
        }, name + "-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
