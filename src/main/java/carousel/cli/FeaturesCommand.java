package carousel.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code carousel features}: Kaldi features of one file ({@code fbank}, {@code mfcc}) or of a whole corpus ({@code corpus}). */
@Command(name = "features", mixinStandardHelpOptions = true,
        description = {"Kaldi-compatible speech features: of one audio file (fbank, mfcc), or of every",
                "utterance of a TIMIT-layout corpus with frame targets from its alignments (corpus).",
                "Example: carousel features fbank --num-mel-bins=40 in.wav out.npy"},
        subcommands = {FeatureFileCommand.Fbank.class, FeatureFileCommand.Mfcc.class, FeaturesCorpusCommand.class})
public final class FeaturesCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: fbank, mfcc or corpus");
    }
}
