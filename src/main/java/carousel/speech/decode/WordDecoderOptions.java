package carousel.speech.decode;

/**
 * Options of {@link WordDecoder}. As with {@link DecoderOptions}, the acoustic scale belongs to the
 * {@link Decodable}: the decoder adds acoustic scores as given.
 *
 * @param lmWeight             factor on every word language-model ln probability (and the look-ahead).
 *                             Default 0.6 (with the acoustic scale 0.1 of {@code transcribe}: chosen on
 *                             held-out TRAIN speakers, docs/results/word-recognition.md, "Tuning again")
 * @param wordInsertionPenalty ln score added at every word end (HTK {@code -p}); negative gives fewer
 *                             words. Default 1 (chosen with the LM weight)
 * @param silenceProb          probability of optional silence after a word (Kaldi's lexicon FSTs use 0.5);
 *                             0 turns optional silence off. Silence at the start and end is always allowed
 *                             when the model has a silence phone
 * @param beam                 ln score pruning: tokens more than {@code beam} below the frame's best are
 *                             dropped. Default 16, as Kaldi's decoders
 * @param maxActive            histogram pruning: at most this many tokens survive a frame (Kaldi's
 *                             {@code --max-active}; default 7000)
 * @param latticeBeam          word ends within this much of the best one into the same LM state are kept as
 *                             lattice arcs (for confidences and n-best; Kaldi's {@code --lattice-beam},
 *                             default 8); 0 keeps only the best (the traceback alone)
 */
public record WordDecoderOptions(double lmWeight, double wordInsertionPenalty, double silenceProb, double beam, int maxActive,
                                 double latticeBeam) {

    /** LM weight 0.6, word penalty 1, silence probability 0.5, beam 16, max-active 7000, lattice beam 8. */
    public static final WordDecoderOptions DEFAULT = new WordDecoderOptions(0.6, 1.0, 0.5, 16.0, 7000, 8.0);

    /** Without the lattice beam: the default of 8. */
    public WordDecoderOptions(double lmWeight, double wordInsertionPenalty, double silenceProb, double beam, int maxActive) {
        this(lmWeight, wordInsertionPenalty, silenceProb, beam, maxActive, 8.0);
    }

    public WordDecoderOptions {
        if (!(lmWeight >= 0) || !Double.isFinite(lmWeight))
            throw new IllegalArgumentException("lmWeight must be a finite number >= 0, got " + lmWeight);
        if (!Double.isFinite(wordInsertionPenalty))
            throw new IllegalArgumentException("wordInsertionPenalty must be a finite number, got " + wordInsertionPenalty);
        if (!(silenceProb >= 0 && silenceProb < 1))
            throw new IllegalArgumentException("silenceProb must be in [0, 1), got " + silenceProb);
        if (!(beam > 0)) throw new IllegalArgumentException("beam must be > 0 (ln score units), got " + beam);
        if (maxActive < 1) throw new IllegalArgumentException("maxActive must be at least 1, got " + maxActive);
        if (!(latticeBeam >= 0)) throw new IllegalArgumentException("latticeBeam must be >= 0 (ln score units), got " + latticeBeam);
    }

    public WordDecoderOptions withLmWeight(double w) { return new WordDecoderOptions(w, wordInsertionPenalty, silenceProb, beam, maxActive, latticeBeam); }

    public WordDecoderOptions withWordInsertionPenalty(double p) { return new WordDecoderOptions(lmWeight, p, silenceProb, beam, maxActive, latticeBeam); }

    public WordDecoderOptions withSilenceProb(double p) { return new WordDecoderOptions(lmWeight, wordInsertionPenalty, p, beam, maxActive, latticeBeam); }

    public WordDecoderOptions withBeam(double b) { return new WordDecoderOptions(lmWeight, wordInsertionPenalty, silenceProb, b, maxActive, latticeBeam); }

    public WordDecoderOptions withLatticeBeam(double b) { return new WordDecoderOptions(lmWeight, wordInsertionPenalty, silenceProb, beam, maxActive, b); }

    public WordDecoderOptions withMaxActive(int n) { return new WordDecoderOptions(lmWeight, wordInsertionPenalty, silenceProb, beam, n, latticeBeam); }
}
