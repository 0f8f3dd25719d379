package vn.election.launcher.cluster;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;

/**
 * Entry point of every child JVM of {@code election-day cluster}: runs the main class named by the first
 * argument with the rest, and exits when its stdin ends, which happens when the launcher goes away, even
 * when it is killed with SIGKILL and no shutdown hook runs.
 */
public final class ParentWatch {

    private ParentWatch() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length == 0) {
            System.err.println("usage: ParentWatch MAIN_CLASS [ARGS...]");
            System.exit(2);
        }
        Thread watch = new Thread(ParentWatch::exitWhenStdinEnds, "parent-watch");
        watch.setDaemon(true);
        watch.start();
        try {
            Class.forName(args[0]).getMethod("main", String[].class)
                    .invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static void exitWhenStdinEnds() {
        try {
            while (System.in.read() >= 0) {
                // The launcher never writes; any byte is ignored.
            }
        } catch (IOException e) {
            // A broken pipe means the same as the end: the launcher is gone.
        }
        System.err.println("ParentWatch: the launcher is gone (stdin closed); exiting");
        // Shutdown hooks stop the broker or Flink process cleanly; halt if they hang.
        Thread halt = new Thread(() -> {
            try {
                Thread.sleep(20_000);
            } catch (InterruptedException ignored) {
                // halt anyway
            }
            Runtime.getRuntime().halt(1);
        }, "parent-watch-halt");
        halt.setDaemon(true);
        halt.start();
        System.exit(1);
    }
}
