package vn.election.launcher;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code election-day replay}: placeholder until its issue lands. */
@Command(name = "replay", mixinStandardHelpOptions = true, description = "(coming with its issue)")
final class ReplayCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        throw new UnsupportedOperationException("election-day replay is not built yet");
    }
}
