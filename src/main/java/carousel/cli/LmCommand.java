package carousel.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code carousel lm}: word n-gram language models (ARPA files). */
@Command(name = "lm", mixinStandardHelpOptions = true,
        description = {"Builds and inspects word n-gram language models in ARPA format.",
                "Example: carousel lm build --order 3 --text sentences.txt --out lm.arpa"},
        subcommands = {LmBuildCommand.class, LmInfoCommand.class})
public final class LmCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: build or info");
    }
}
