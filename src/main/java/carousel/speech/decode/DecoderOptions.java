package carousel.speech.decode;

/**
 * Options of {@link ViterbiDecoder}. The acoustic scale is not here: it belongs to the
 * {@link Decodable} (see {@link ScaledLikelihoods}), so that the decoder adds acoustic scores as given.
 *
 * @param lmWeight              factor on every language-model log-probability. Default 1: with the
 *                              acoustic scale applied to the acoustics (Kaldi's convention, acoustic
 *                              scale 0.1 ~ LM weight 10 in HTK's terms) the LM is taken as it is
 * @param phoneInsertionPenalty log-score added each time a phone is entered (HTK {@code HVite -p});
 *                              negative values give fewer, longer phones, positive more. Default 0:
 *                              tune it on development data to balance deletions and insertions
 * @param beam                  log-score pruning: after each frame, tokens more than {@code beam} below
 *                              that frame's best token are dropped. Default 16, as Kaldi's decoders;
 *                              {@code Double.POSITIVE_INFINITY} searches exhaustively
 */
public record DecoderOptions(double lmWeight, double phoneInsertionPenalty, double beam) {

    /** LM weight 1, no insertion penalty, beam 16. */
    public static final DecoderOptions DEFAULT = new DecoderOptions(1.0, 0.0, 16.0);

    public DecoderOptions {
        if (!(lmWeight >= 0) || !Double.isFinite(lmWeight)) {
            throw new IllegalArgumentException("lmWeight must be a finite number >= 0, got " + lmWeight);
        }
        if (!Double.isFinite(phoneInsertionPenalty)) {
            throw new IllegalArgumentException("phoneInsertionPenalty must be a finite number, got " + phoneInsertionPenalty);
        }
        if (!(beam > 0)) {
            throw new IllegalArgumentException("beam must be > 0 (log-score units), got " + beam);
        }
    }

    public DecoderOptions withLmWeight(double w) {
        return new DecoderOptions(w, phoneInsertionPenalty, beam);
    }

    public DecoderOptions withPhoneInsertionPenalty(double p) {
        return new DecoderOptions(lmWeight, p, beam);
    }

    public DecoderOptions withBeam(double b) {
        return new DecoderOptions(lmWeight, phoneInsertionPenalty, b);
    }
}
