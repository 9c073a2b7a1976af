package carousel.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code carousel model}: model directories (config.json, model.safetensors and what trained them). */
@Command(name = "model", mixinStandardHelpOptions = true,
        description = {"Inspects model directories.",
                "Example: carousel model info runs/lstmp/model"},
        subcommands = {ModelInfoCommand.class})
public final class ModelCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: info");
    }
}
