package carousel.speech.recognize;

import java.util.Locale;

/**
 * How a phone search uses an acoustic model's context-dependent tied states.
 */
public enum ContextSearch {
    /**
     * Triphone units in the search ({@link carousel.speech.decode.TriphoneDecoder}): every frame scored by
     * the tied state of its phone-state in its actual left and right phone context. Whole utterances only.
     */
    TRIPHONE,
    /**
     * The context summed out: each context-independent state's tied-state posteriors and priors added up
     * ({@link carousel.speech.tree.ContextTree#collapse}), and the context-independent search run on them.
     * What streaming and the word decoder use.
     */
    MARGINAL;

    public String configName() { return name().toLowerCase(Locale.ROOT); }

    public static ContextSearch parse(String s) {
        for (ContextSearch c : values()) if (c.configName().equals(s)) return c;
        throw new IllegalArgumentException("--cd-search must be triphone or marginal, got '" + s + "'");
    }
}
