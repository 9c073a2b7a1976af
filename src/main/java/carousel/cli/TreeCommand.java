package carousel.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code carousel tree}: phonetic decision trees of context-dependent tied states. */
@Command(name = "tree", mixinStandardHelpOptions = true,
        description = {"Builds, inspects and queries phonetic decision trees (context-dependent tied triphone states).",
                "Example: carousel tree build --corpus data/demo-corpus --num-states 500 --out runs/tree.txt"},
        subcommands = {TreeBuildCommand.class, TreeInfoCommand.class, TreeMapCommand.class})
public final class TreeCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: build, info or map");
    }
}
