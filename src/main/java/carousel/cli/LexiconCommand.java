package carousel.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code carousel lexicon}: pronouncing dictionaries and letter-to-sound rules. */
@Command(name = "lexicon", mixinStandardHelpOptions = true,
        description = {"Trains and applies letter-to-sound rules learned from a pronouncing dictionary.",
                "Example: carousel lexicon g2p --lexicon cmudict-en-us.dict --out g2p.arpa"},
        subcommands = {LexiconG2pCommand.class, LexiconPronounceCommand.class})
public final class LexiconCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: g2p or pronounce");
    }
}
