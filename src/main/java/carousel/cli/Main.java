package carousel.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code carousel} command line: one small class per command, wired here. Errors from bad
 * options or inputs are printed as one clear line (no stack trace) with exit status 2 for usage
 * errors and 1 for failures; set CAROUSEL_DEBUG=1 for stack traces.
 */
@Command(name = "carousel", mixinStandardHelpOptions = true, version = "Carousel 0.1.0",
        description = "Recurrent neural networks (RNN, LSTM, LSTMP) trained by backpropagation through time.",
        subcommands = {DemoCommand.class, ForwardCommand.class, GradcheckCommand.class, GradflowCommand.class, LagCostCommand.class, LagTasksCommand.class,
                BenchCommand.class, FeaturesCommand.class, CorpusCommand.class, TrainAmCommand.class, DecodeCommand.class, ScoreCommand.class,
                TrainPlmCommand.class, DecodePlmCommand.class, TranscribeCommand.class, LmCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() { spec.commandLine().usage(System.out); }

    public static void main(String[] args) { System.exit(execute(args)); }

    public static int execute(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (System.getenv("CAROUSEL_DEBUG") != null) ex.printStackTrace();
            String msg = ex.getMessage() == null ? ex.toString() : ex.getMessage();
            commandLine.getErr().println("carousel " + commandLine.getCommandName() + ": " + msg);
            return ex instanceof IllegalArgumentException ? 2 : 1;
        });
        return cl.execute(args);
    }
}
