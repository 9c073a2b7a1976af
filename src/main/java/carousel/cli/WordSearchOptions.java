package carousel.cli;

import carousel.speech.decode.WordDecoderOptions;
import carousel.speech.lm.NgramLm;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;


/** The word-search options {@code transcribe} and {@code decode --words} share (a picocli mixin; the dictionary's are {@link LexiconOptions}). */
public final class WordSearchOptions {
    /**
     * The word search's defaults as option strings (picocli needs constants): acoustic scale, LM weight and word
     * penalty chosen on held-out TRAIN speakers (docs/results/word-recognition.md, "Tuning"); the same values as
     * {@link WordDecoderOptions#DEFAULT} and {@link carousel.speech.recognize.WordRecognizer#DEFAULT_ACOUSTIC_SCALE}.
     */
    static final String ACOUSTIC_SCALE = "0.1", LM_WEIGHT = "0.5", WORD_PENALTY = "2.0";

    @Option(names = "--word-penalty", defaultValue = WORD_PENALTY, description = "Log score added per word (negative: fewer words; default ${DEFAULT-VALUE}).") double wordPenalty;
    @Option(names = "--silence-prob", defaultValue = "0.5", description = "Probability of optional silence between words (default ${DEFAULT-VALUE}).") double silenceProb;
    @Option(names = "--lattice-beam", defaultValue = "8", description = "Word ends this close to the best are kept as lattice arcs, for confidences"
            + " and alternatives (0: none; default ${DEFAULT-VALUE}).") double latticeBeam;
    @Option(names = "--max-active", defaultValue = "7000", description = "At most this many word-search tokens per frame (default ${DEFAULT-VALUE}).") int maxActive;

    @Option(names = "--rescore-lm", description = "A second pass: rescore each utterance's word lattice with this ARPA LM (larger, or of higher"
            + " order, than the first pass's), its scores replacing the first-pass LM's.") Path rescoreLm;

    /** The rescoring LM, or null without --rescore-lm. */
    NgramLm readRescoreLm() throws IOException {
        return rescoreLm == null ? null : NgramLm.read(rescoreLm);
    }

    WordDecoderOptions decoderOptions(double lmWeight, double beam) {
        return new WordDecoderOptions(lmWeight, wordPenalty, silenceProb, beam, maxActive, latticeBeam);
    }
}
