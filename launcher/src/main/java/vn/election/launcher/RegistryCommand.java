package vn.election.launcher;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code election-day registry}: placeholder until its issue lands. */
@Command(name = "registry", mixinStandardHelpOptions = true, description = "(coming with its issue)")
final class RegistryCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        throw new UnsupportedOperationException("election-day registry is not built yet");
    }
}
