package carousel.speech.tree;

/**
 * Sufficient statistics of a single diagonal Gaussian over D feature dimensions: the frame count n,
 * the sum and the sum of squares of the features. Their maximum-likelihood fit has the log-likelihood
 *
 * <pre>
 *   L = -n/2 * ( D * (1 + ln 2π) + Σ_d ln σ²_d ),   σ²_d = max(sumSq_d / n - (sum_d / n)², varFloor)
 * </pre>
 *
 * the clustering objective of phonetic decision trees (S. J. Young, J. J. Odell and P. C. Woodland,
 * "Tree-based state tying for high accuracy acoustic modelling", HLT 1994; Kaldi's
 * {@code GaussClusterable}). The gain of splitting a set in two is {@code L(yes) + L(no) - L(both)}.
 */
final class GaussStats {
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    double count;
    final double[] sum;     // (D)
    final double[] sumSq;   // (D)

    GaussStats(int dim) {
        sum = new double[dim];
        sumSq = new double[dim];
    }

    int dim() { return sum.length; }

    /** Adds frame x[off, off + D). */
    void addFrame(float[] x, int off) {
        count++;
        for (int d = 0; d < sum.length; d++) {
            double v = x[off + d];
            sum[d] += v;
            sumSq[d] += v * v;
        }
    }

    void add(GaussStats o) {
        count += o.count;
        for (int d = 0; d < sum.length; d++) {
            sum[d] += o.sum[d];
            sumSq[d] += o.sumSq[d];
        }
    }

    GaussStats copy() {
        GaussStats c = new GaussStats(sum.length);
        c.add(this);
        return c;
    }

    /** The log-likelihood of the frames under their own ML diagonal Gaussian (0 for no frames). */
    double logLikelihood(double varFloor) {
        if (count <= 0) return 0;
        double logDet = 0;
        for (int d = 0; d < sum.length; d++) {
            double mean = sum[d] / count;
            logDet += Math.log(Math.max(sumSq[d] / count - mean * mean, varFloor));
        }
        return -0.5 * count * (sum.length * (1 + LOG_2PI) + logDet);
    }

    /** {@code L(a ∪ b)} without allocating a merged copy's caller-visible state. */
    static double mergedLogLikelihood(GaussStats a, GaussStats b, double varFloor) {
        GaussStats m = a.copy();
        m.add(b);
        return m.logLikelihood(varFloor);
    }
}
