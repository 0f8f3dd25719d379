package vn.election.launcher;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code election-day simulate}: placeholder until its issue lands. */
@Command(name = "simulate", mixinStandardHelpOptions = true, description = "(coming with its issue)")
final class SimulateCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        throw new UnsupportedOperationException("election-day simulate is not built yet");
    }
}
