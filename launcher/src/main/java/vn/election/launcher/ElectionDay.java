package vn.election.launcher;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code election-day} command line: {@code run} (the default) and the other subcommands of docs/contract.md. */
@Command(name = "election-day", mixinStandardHelpOptions = true, version = "election-day 0.1.0",
        description = "Real-time election-day turnout monitor. Without a subcommand: run.",
        subcommands = {RunCommand.class, ClusterCommand.class, RegistryCommand.class, SimulateCommand.class, ReplayCommand.class,
            TokenCommand.class, AlertsCommand.class, RulesCommand.class, UserCommand.class, ReportCommand.class})
public final class ElectionDay implements Runnable {

    public static void main(String[] args) {
        System.exit(commandLine().execute(withDefaultCommand(args)));
    }

    /** No subcommand means {@code run}: {@code election-day --no-simulator} is {@code election-day run --no-simulator}. */
    static String[] withDefaultCommand(String[] args) {
        boolean ownOption = args.length > 0 && java.util.Set.of("-h", "--help", "-V", "--version").contains(args[0]);
        if (args.length == 0 || (args[0].startsWith("-") && !ownOption)) {
            String[] withRun = new String[args.length + 1];
            withRun[0] = "run";
            System.arraycopy(args, 0, withRun, 1, args.length);
            return withRun;
        }
        return args;
    }

    /** The command line with one-line error reporting for bad arguments. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new ElectionDay());
        cli.setParameterExceptionHandler((ex, argv) -> {
            ex.getCommandLine().getErr().println("election-day: " + ex.getMessage()
                    + " (see '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            return 2;
        });
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("election-day: " + oneLine(ex));
            return 1;
        });
        return cli;
    }

    static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.lines().findFirst().orElse(message);
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
