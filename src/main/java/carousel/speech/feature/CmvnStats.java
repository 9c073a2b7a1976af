package carousel.speech.feature;

/**
 * Cepstral mean and variance normalisation statistics, as Kaldi's {@code compute-cmvn-stats} and
 * {@code apply-cmvn} ({@code src/transform/cmvn.cc}) keep them: per dimension the sum Σx and the sum of squares
 * Σx², and the (weighted) frame count. Accumulate over one utterance, a speaker or a whole corpus, merge
 * partial statistics with {@link #merge}, then {@link #apply} them: x' = x − mean, or with variance
 * normalisation x' = (x − mean) / sqrt(var), var = Σx²/n − mean² floored at 1e-20 as in Kaldi.
 *
 * <p>{@link #toKaldiMatrix()} gives Kaldi's 2 × (D+1) layout (row 0: Σx then the count; row 1: Σx² then 0),
 * so statistics can be exchanged with Kaldi's {@code cmvn.scp} archives. Statistics are kept in double.
 * Not thread-safe while accumulating.
 */
public final class CmvnStats {
    /** Kaldi's floor on the variance before dividing by its square root. */
    public static final double VARIANCE_FLOOR = 1e-20;

    private final double[] sum;     // (D)
    private final double[] sumSq;   // (D)
    private double count;

    /** Empty statistics for {@code dim}-dimensional features. */
    public CmvnStats(int dim) {
        if (dim < 1) {
            throw new IllegalArgumentException("dim must be at least 1, got " + dim);
        }
        sum = new double[dim];
        sumSq = new double[dim];
    }

    /** Statistics of all frames of {@code feats}. */
    public static CmvnStats of(FeatureMatrix feats) {
        CmvnStats s = new CmvnStats(feats.dim());
        s.accumulate(feats);
        return s;
    }

    /** Per-utterance CMVN: {@code feats} normalised with its own statistics (which need at least one frame). */
    public static FeatureMatrix normalizeUtterance(FeatureMatrix feats, boolean normVars) {
        return of(feats).apply(feats, normVars);
    }

    /** D. */
    public int dim() {
        return sum.length;
    }

    /** The total weight of the frames accumulated (the number of frames when all weights are 1). */
    public double count() {
        return count;
    }

    /** Adds every frame of {@code feats} with weight 1. */
    public void accumulate(FeatureMatrix feats) {
        checkDim(feats.dim());
        float[] x = feats.data();
        int dim = sum.length;
        for (int t = 0; t < feats.numFrames(); t++) {
            int row = t * dim;
            for (int d = 0; d < dim; d++) {
                double v = x[row + d];
                sum[d] += v;
                sumSq[d] += v * v;
            }
        }
        count += feats.numFrames();
    }

    /** Adds one frame with weight {@code weight} (e.g. a posterior of speech; 1 for plain counting). */
    public void accumulate(float[] frame, double weight) {
        checkDim(frame.length);
        if (!(weight >= 0) || !Double.isFinite(weight)) {
            throw new IllegalArgumentException("weight must be finite and >= 0, got " + weight);
        }
        for (int d = 0; d < sum.length; d++) {
            double v = frame[d];
            sum[d] += weight * v;
            sumSq[d] += weight * v * v;
        }
        count += weight;
    }

    /** Adds the statistics of {@code other} (e.g. of another utterance of the same speaker). */
    public void merge(CmvnStats other) {
        checkDim(other.dim());
        for (int d = 0; d < sum.length; d++) {
            sum[d] += other.sum[d];
            sumSq[d] += other.sumSq[d];
        }
        count += other.count;
    }

    /** The mean of each dimension. */
    public double[] mean() {
        requireCount();
        double[] m = new double[sum.length];
        for (int d = 0; d < m.length; d++) {
            m[d] = sum[d] / count;
        }
        return m;
    }

    /** The variance of each dimension, Σx²/n − mean² (not floored). */
    public double[] variance() {
        double[] m = mean();
        double[] v = new double[sum.length];
        for (int d = 0; d < v.length; d++) {
            v[d] = sumSq[d] / count - m[d] * m[d];
        }
        return v;
    }

    /**
     * {@code feats} normalised with these statistics, as a new matrix: mean subtracted, and with
     * {@code normVars} also divided by the standard deviation (variance floored at {@link #VARIANCE_FLOOR}).
     *
     * @throws IllegalStateException when the count is below 1 (Kaldi: "insufficient stats")
     */
    public FeatureMatrix apply(FeatureMatrix feats, boolean normVars) {
        checkDim(feats.dim());
        double[] mean = mean();
        double[] scale = new double[sum.length];
        double[] offset = new double[sum.length];
        double[] var = normVars ? variance() : null;
        for (int d = 0; d < scale.length; d++) {
            scale[d] = normVars ? 1.0 / Math.sqrt(Math.max(var[d], VARIANCE_FLOOR)) : 1.0;
            offset[d] = -mean[d] * scale[d];
        }
        int dim = sum.length;
        FeatureMatrix out = FeatureMatrix.zeros(feats.numFrames(), dim);
        float[] x = feats.data();
        float[] y = out.data();
        for (int t = 0; t < feats.numFrames(); t++) {
            int row = t * dim;
            for (int d = 0; d < dim; d++) {
                y[row + d] = (float) (x[row + d] * scale[d] + offset[d]);
            }
        }
        return out;
    }

    /** Kaldi's 2 × (D+1) statistics matrix: row 0 is Σx and the count, row 1 is Σx² and 0. */
    public double[][] toKaldiMatrix() {
        int dim = sum.length;
        double[][] m = new double[2][dim + 1];
        System.arraycopy(sum, 0, m[0], 0, dim);
        System.arraycopy(sumSq, 0, m[1], 0, dim);
        m[0][dim] = count;
        return m;
    }

    /** Statistics from Kaldi's 2 × (D+1) matrix (as {@code compute-cmvn-stats} writes it). */
    public static CmvnStats fromKaldiMatrix(double[][] m) {
        if (m.length != 2 || m[0].length < 2 || m[1].length != m[0].length) {
            throw new IllegalArgumentException("Kaldi CMVN statistics are a 2 x (D+1) matrix with D >= 1");
        }
        int dim = m[0].length - 1;
        CmvnStats s = new CmvnStats(dim);
        System.arraycopy(m[0], 0, s.sum, 0, dim);
        System.arraycopy(m[1], 0, s.sumSq, 0, dim);
        s.count = m[0][dim];
        if (!(s.count >= 0)) {
            throw new IllegalArgumentException("CMVN statistics have a negative count " + s.count);
        }
        return s;
    }

    private void requireCount() {
        if (count < 1.0) {
            throw new IllegalStateException("insufficient statistics for CMVN: count = " + count
                    + " (at least one frame is needed)");
        }
    }

    private void checkDim(int d) {
        if (d != sum.length) {
            throw new IllegalArgumentException("features have dimension " + d + ", the statistics " + sum.length);
        }
    }
}
