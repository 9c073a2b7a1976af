package carousel.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code carousel demo}: the speech demo (default) or the adding-problem demo. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"End-to-end demos on data shipped with Carousel. Without a subcommand: the speech demo.",
                "  speech   phone recognition on data/demo-corpus: features, LSTMP training, decoding, PER (a few minutes)",
                "  adding   the 1997 LSTM learning the adding problem, T = 100, beside the paper's Table 7 (about a minute)",
                "Example: carousel demo adding"},
        subcommands = {SpeechDemoCommand.class, AddingDemoCommand.class})
public final class DemoCommand implements Callable<Integer> {
    /** Options of the speech demo given to plain {@code demo} (e.g. {@code carousel demo --fresh}). */
    @picocli.CommandLine.Unmatched
    java.util.List<String> speechOptions = new java.util.ArrayList<>();

    @Override
    public Integer call() {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("demo", "speech"));
        args.addAll(speechOptions);
        return Main.execute(args.toArray(String[]::new));
    }
}
