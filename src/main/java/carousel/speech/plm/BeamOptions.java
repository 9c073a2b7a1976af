package carousel.speech.plm;

/**
 * Options of {@link BeamSearchDecoder}. The acoustic scale belongs to the
 * {@link carousel.speech.decode.Decodable}, as for {@link carousel.speech.decode.ViterbiDecoder}.
 *
 * @param lmWeight         factor on every phone-model log-probability (default 1; tune on held-out data)
 * @param insertionPenalty log-score added per phone entered (negative: fewer phones; default 0)
 * @param beamWidth        hypotheses kept after each frame, the best by score (histogram pruning);
 *                         default 64: wide enough that the pruned search rarely loses the best path on
 *                         48 phones at 100 frames/s, small enough to decode faster than real time
 * @param scoreBeam        hypotheses more than this below the frame's best are dropped first (default 16,
 *                         as {@link carousel.speech.decode.DecoderOptions}); infinity turns it off
 */
public record BeamOptions(double lmWeight, double insertionPenalty, int beamWidth, double scoreBeam) {

    public static final BeamOptions DEFAULT = new BeamOptions(1.0, 0.0, 64, 16.0);

    public BeamOptions {
        if (!(lmWeight >= 0) || !Double.isFinite(lmWeight)) {
            throw new IllegalArgumentException("lmWeight must be a finite number >= 0, got " + lmWeight);
        }
        if (!Double.isFinite(insertionPenalty)) {
            throw new IllegalArgumentException("insertionPenalty must be a finite number, got " + insertionPenalty);
        }
        if (beamWidth < 1) {
            throw new IllegalArgumentException("beamWidth must be >= 1 hypothesis, got " + beamWidth);
        }
        if (!(scoreBeam > 0)) {
            throw new IllegalArgumentException("scoreBeam must be > 0 (log-score units), got " + scoreBeam);
        }
    }

    public BeamOptions withLmWeight(double w) {
        return new BeamOptions(w, insertionPenalty, beamWidth, scoreBeam);
    }

    public BeamOptions withInsertionPenalty(double p) {
        return new BeamOptions(lmWeight, p, beamWidth, scoreBeam);
    }
}
