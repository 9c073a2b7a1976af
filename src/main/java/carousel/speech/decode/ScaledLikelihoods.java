package carousel.speech.decode;

import carousel.speech.kaldi.FloatMatrix;
import java.util.Objects;

/**
 * The scaled likelihoods of hybrid network/HMM decoding, from one utterance's (T, S) matrix of
 * log-posteriors (a network's log-softmax output, one row per frame, one column per HMM state):
 *
 * <pre>
 *   logLikelihood(t, s) = acousticScale * (logPosterior[t][s] - ln prior(s))
 * </pre>
 *
 * <p>The acoustic scale (Kaldi's {@code --acoustic-scale}, typically 0.1 for network models) evens out
 * frame-level scores, which are correlated from frame to frame and so overconfident, against the
 * transition and language-model scores. The matrix is read in place, not copied.
 */
public final class ScaledLikelihoods implements Decodable {

    private final FloatMatrix logPosteriors; // (T, S)
    private final StatePriors priors;
    private final double acousticScale;

    /**
     * @param logPosteriors (T, S) natural-log posteriors, e.g. log-softmax of the network output
     * @param priors        S class priors (use {@link StatePriors#uniform} for plain posteriors)
     * @param acousticScale factor applied to every score, {@code > 0}
     */
    public ScaledLikelihoods(FloatMatrix logPosteriors, StatePriors priors, double acousticScale) {
        this.logPosteriors = Objects.requireNonNull(logPosteriors, "logPosteriors");
        this.priors = Objects.requireNonNull(priors, "priors");
        if (logPosteriors.cols() != priors.numClasses()) {
            throw new IllegalArgumentException("log-posterior matrix has " + logPosteriors.cols()
                    + " columns but there are " + priors.numClasses() + " state priors");
        }
        if (!(acousticScale > 0) || !Double.isFinite(acousticScale)) {
            throw new IllegalArgumentException("acousticScale must be a positive number, got " + acousticScale);
        }
        this.acousticScale = acousticScale;
    }

    public double acousticScale() {
        return acousticScale;
    }

    @Override
    public int numFrames() {
        return logPosteriors.rows();
    }

    @Override
    public int numIndices() {
        return logPosteriors.cols();
    }

    @Override
    public double logLikelihood(int frame, int index) {
        return acousticScale * (logPosteriors.data()[frame * logPosteriors.cols() + index] - priors.logPrior(index));
    }
}
