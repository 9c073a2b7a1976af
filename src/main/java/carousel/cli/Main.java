package carousel.cli;

import carousel.io.FormatException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The {@code carousel} command line: one small class per command, wired here, and the one error path
 * of every command. Bad input (a {@link FormatException} from any reader, a missing or unreadable
 * file, an option or value that does not fit: {@link IllegalArgumentException}) ends in one line
 * {@code carousel CMD: FILE[:LINE]: problem} and exit status 2; anything else is an internal error:
 * {@code carousel CMD: internal error: ...}, exit status 1 (also out of memory, with a hint). The stack
 * trace is printed only with the global option {@code --debug} or CAROUSEL_DEBUG=1.
 */
@Command(name = "carousel", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Recurrent neural networks (RNN, LSTM, LSTMP) trained by backpropagation through time.",
        subcommands = {DemoCommand.class, ForwardCommand.class, GradcheckCommand.class, GradflowCommand.class, LagCostCommand.class, LagTasksCommand.class,
                BenchCommand.class, FeaturesCommand.class, CorpusCommand.class, TrainAmCommand.class, DecodeCommand.class, ScoreCommand.class, ResultsCommand.class,
                TrainPlmCommand.class, DecodePlmCommand.class, TranscribeCommand.class, ServeCommand.class, ServeBenchCommand.class, BenchSearchCommand.class, AlignCommand.class, LmCommand.class, LexiconCommand.class, ModelCommand.class, TreeCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** Exit status of bad input (a file or an option the user can fix). */
    public static final int BAD_INPUT = 2;
    /** Exit status of an internal error (a bug or the machine: out of memory, disk full). */
    public static final int INTERNAL_ERROR = 1;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "Print the stack trace of an error (as CAROUSEL_DEBUG=1 does).")
    boolean debug;

    /** {@code --version}: the version and the git commit this jar was built from (as provenance.json records them). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            java.util.Map<String, Object> v = carousel.train.Provenance.version();
            return new String[]{"Carousel " + v.get("version") + " (commit " + v.get("commit") + (Boolean.TRUE.equals(v.get("uncommitted_changes")) ? ", with uncommitted changes" : "") + ")"};
        }
    }

    @Override
    public void run() { spec.commandLine().usage(System.out); }

    public static void main(String[] args) { System.exit(execute(args)); }

    /** The command line a command was started with: the program's name, then its arguments as given (for provenance.json). */
    public static java.util.List<String> commandLine(CommandLine.Model.CommandSpec spec) {
        java.util.List<String> l = new java.util.ArrayList<>(java.util.List.of(spec.root().name().split(" ")));   // "carousel-spark train-am": two words
        CommandLine.ParseResult r = spec.root().commandLine().getParseResult();
        if (r != null) l.addAll(r.originalArgs());
        return l;
    }

    public static int execute(String... args) {
        CommandLine cl = new CommandLine(new Main());
        boolean debugEnv = System.getenv("CAROUSEL_DEBUG") != null && !System.getenv("CAROUSEL_DEBUG").equals("0");
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            boolean debug = debugEnv;
            for (CommandLine.ParseResult p = parseResult; p != null; p = p.subcommand())
                debug |= p.hasMatchedOption("--debug");
            return report(ex, commandLine.getCommandSpec().qualifiedName(), commandLine.getErr(), debug);
        });
        try {
            return cl.execute(args);
        } catch (VirtualMachineError e) { // picocli's handler sees exceptions only: out of memory, stack overflow
            return report(e, "carousel", new PrintWriter(System.err, true), debugEnv || java.util.Arrays.asList(args).contains("--debug"));
        }
    }

    /**
     * Prints one line for {@code ex} and returns the exit status: {@link #BAD_INPUT} for bad input,
     * {@link #INTERNAL_ERROR} otherwise (a training run that diverged or whose directory is in use says
     * so in plain words, exit 1); the stack trace too when {@code debug}. Shared by the Spark module's command.
     */
    public static int report(Throwable ex, String program, PrintWriter err, boolean debug) {
        Throwable e = unwrap(ex);
        if (debug) ex.printStackTrace(err);
        String line = badInput(e);
        if (line != null) {
            err.println(program + ": " + line);
            err.flush();
            return BAD_INPUT;
        }
        if (e instanceof carousel.train.EpochLoop.DivergedException || e instanceof carousel.train.RunDirectory.InUseException) {
            err.println(program + ": " + e.getMessage());
            err.flush();
            return INTERNAL_ERROR;
        }
        String msg = e instanceof OutOfMemoryError
                ? "out of memory (" + e.getMessage() + "); give Java more heap with CAROUSEL_JAVA_OPTS=-Xmx..."
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
        err.println(program + ": internal error: " + msg + (debug ? "" : " (run with --debug for the stack trace)"));
        err.flush();
        return INTERNAL_ERROR;
    }

    /** The exception a wrapper (a worker thread's, an unchecked I/O one) stands for. */
    private static Throwable unwrap(Throwable e) {
        while (e.getCause() != null && (e instanceof ExecutionException || e instanceof CompletionException
                || e instanceof UncheckedIOException || (e.getClass() == RuntimeException.class && e.getCause() instanceof IOException)))
            e = e.getCause();
        return e;
    }

    /** The one line for bad input, or null when {@code e} is an internal error. */
    private static String badInput(Throwable e) {
        return switch (e) {
            case FormatException f -> f.getMessage();
            case NoSuchFileException f -> f.getFile() + ": " + (f.getReason() != null ? f.getReason() : "no such file");
            case AccessDeniedException f -> f.getFile() + ": permission denied";
            case NotDirectoryException f -> f.getFile() + ": not a directory";
            case FileSystemException f when f.getFile() != null && f.getReason() != null && !f.getReason().contains("space")
                    -> f.getFile() + ": " + f.getReason();
            case IllegalArgumentException i -> i.getMessage() == null ? i.toString() : i.getMessage();
            default -> null;
        };
    }
}
