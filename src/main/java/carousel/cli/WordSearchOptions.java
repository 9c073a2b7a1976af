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
     * penalty chosen on held-out TRAIN speakers (docs/results/word-recognition.md, "Tuning again"); the same values as
     * {@link WordDecoderOptions#DEFAULT} and {@link carousel.speech.recognize.WordRecognizer#DEFAULT_ACOUSTIC_SCALE}.
     */
    static final String ACOUSTIC_SCALE = "0.1", LM_WEIGHT = "0.6", WORD_PENALTY = "1.0";
    /** The offline commands' beam and max-active ({@code transcribe}, {@code decode --words}): {@link WordDecoderOptions#DEFAULT}'s. */
    static final String BEAM = "16", MAX_ACTIVE = "7000";
    /**
     * {@code serve}'s: a narrower search, for its cost per stream; the narrowest setting tried whose best paths equal the
     * offline search's on the held-out TRAIN speakers (docs/results/serving.md, "Serving defaults").
     */
    static final String SERVE_BEAM = "12", SERVE_MAX_ACTIVE = "3000";

    @Option(names = "--word-penalty", defaultValue = WORD_PENALTY, description = "Log score added per word (negative: fewer words; default ${DEFAULT-VALUE}).") double wordPenalty;
    @Option(names = "--silence-prob", defaultValue = "0.5", description = "Probability of optional silence between words (default ${DEFAULT-VALUE}).") double silenceProb;
    @Option(names = "--lattice-beam", defaultValue = "8", description = "Word ends this close to the best are kept as lattice arcs, for confidences"
            + " and alternatives (0: none; default ${DEFAULT-VALUE}).") double latticeBeam;
    @Option(names = "--max-active", description = "At most this many word-search tokens per frame (default " + MAX_ACTIVE + "; serve: " + SERVE_MAX_ACTIVE + ").") Integer maxActive;

    @Option(names = "--rescore-lm", description = "A second pass: rescore each utterance's word lattice with this ARPA LM (larger, or of higher"
            + " order, than the first pass's), its scores replacing the first-pass LM's.") Path rescoreLm;

    /** The rescoring LM, or null without --rescore-lm. */
    NgramLm readRescoreLm() throws IOException {
        return rescoreLm == null ? null : NgramLm.read(rescoreLm);
    }

    /** The search's options; the beam and max-active not given default to the offline commands' or, for {@code serve}, its own. */
    WordDecoderOptions decoderOptions(double lmWeight, Double beam, boolean serve) {
        double b = beam != null ? beam : Double.parseDouble(serve ? SERVE_BEAM : BEAM);
        int m = maxActive != null ? maxActive : Integer.parseInt(serve ? SERVE_MAX_ACTIVE : MAX_ACTIVE);
        return new WordDecoderOptions(lmWeight, wordPenalty, silenceProb, b, m, latticeBeam);
    }
}
