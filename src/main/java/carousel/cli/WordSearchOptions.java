package carousel.cli;

import carousel.speech.decode.WordDecoderOptions;
import picocli.CommandLine.Option;


/** The word-search options {@code transcribe} and {@code decode --words} share (a picocli mixin; the dictionary's are {@link LexiconOptions}). */
public final class WordSearchOptions {
    @Option(names = "--word-penalty", defaultValue = "0.0", description = "Log score added per word (negative: fewer words; default ${DEFAULT-VALUE}).") double wordPenalty;
    @Option(names = "--silence-prob", defaultValue = "0.5", description = "Probability of optional silence between words (default ${DEFAULT-VALUE}).") double silenceProb;
    @Option(names = "--lattice-beam", defaultValue = "8", description = "Word ends this close to the best are kept as lattice arcs, for confidences"
            + " and alternatives (0: none; default ${DEFAULT-VALUE}).") double latticeBeam;
    @Option(names = "--max-active", defaultValue = "7000", description = "At most this many word-search tokens per frame (default ${DEFAULT-VALUE}).") int maxActive;

    WordDecoderOptions decoderOptions(double lmWeight, double beam) {
        return new WordDecoderOptions(lmWeight, wordPenalty, silenceProb, beam, maxActive, latticeBeam);
    }
}
