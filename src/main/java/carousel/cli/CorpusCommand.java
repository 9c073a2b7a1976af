package carousel.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code carousel corpus}: commands about a TIMIT-layout corpus as a whole. */
@Command(name = "corpus", mixinStandardHelpOptions = true,
        description = {"Looks at a speech corpus in TIMIT's layout,",
                "ROOT/TRAIN|TEST/DR<n>/SPEAKER/SENTENCE.WAV|PHN.",
                "Example: carousel corpus info data/demo-corpus"},
        subcommands = {CorpusInfoCommand.class})
public final class CorpusCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: info");
    }
}
