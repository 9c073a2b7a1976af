package carousel.cli;

import picocli.CommandLine.Command;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code carousel demo}: the word recognition demo (default), the training demo ({@code --train}) or the adding-problem demo. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"End-to-end demos on data shipped with Carousel. Without a subcommand: the word recognition demo;",
                "with --train: the speech training demo (its options follow, e.g. carousel demo --train --fresh).",
                "  words    sentences of data/demo-corpus's test speakers recognised with the shipped model, lexicon and LM, WER",
                "  speech   phone recognition trained from scratch on data/demo-corpus: features, LSTMP training, decoding, PER",
                "  adding   the 1997 LSTM learning the adding problem, T = 100, beside the paper's Table 7 (about a minute)",
                "Example: carousel demo adding"},
        subcommands = {WordsDemoCommand.class, SpeechDemoCommand.class, AddingDemoCommand.class})
public final class DemoCommand implements Callable<Integer> {
    /** Options given to plain {@code demo}: {@code --train} picks the training demo, the rest go to the demo chosen. */
    @picocli.CommandLine.Unmatched
    List<String> options = new ArrayList<>();

    @Override
    public Integer call() {
        List<String> rest = new ArrayList<>(options);
        boolean train = rest.remove("--train");
        List<String> args = new ArrayList<>(List.of("demo", train ? "speech" : "words"));
        args.addAll(rest);
        return Main.execute(args.toArray(String[]::new));
    }
}
