package carousel.speech.feature;

import java.util.Arrays;
import java.util.function.IntUnaryOperator;

/**
 * Appends time derivatives to features, as Kaldi's {@code add-deltas} ({@code DeltaFeatures},
 * {@code src/feat/feature-functions.cc}). The order-1 delta is the regression
 * d_t = Σ_{n=1..N} n (x_{t+n} − x_{t−n}) / (2 Σ_{n=1..N} n²), N the window (the HTK/Furui formula); the
 * order-k filter is the order-(k−1) filter convolved with that one (for N = 2: 5 taps for deltas, 9 for
 * delta-deltas), always applied to the original features, with frames outside [0, T) replaced by the nearest
 * edge frame. In the interior this equals taking deltas of deltas; within order·N frames of an edge it
 * differs from that (Kaldi clamps the input frames, not the intermediate deltas).
 *
 * <p>Input (T, D); output (T, D·(order+1)): [x, Δx, Δ²x, ...] per frame. The filters are built once.
 */
public final class Deltas {
    private final DeltaOptions opts;
    private final double[][] scales;   // scales[k] has 2·k·window + 1 taps, centred

    public Deltas(DeltaOptions opts) {
        this.opts = opts;
        int n = opts.window();
        double normalizer = 0;
        for (int j = -n; j <= n; j++) {
            normalizer += j * j;
        }
        scales = new double[opts.order() + 1][];
        scales[0] = new double[] {1.0};
        for (int k = 1; k <= opts.order(); k++) {
            double[] prev = scales[k - 1];
            int prevOffset = (prev.length - 1) / 2;
            double[] cur = new double[prev.length + 2 * n];
            int curOffset = prevOffset + n;
            for (int j = -n; j <= n; j++) {
                for (int i = -prevOffset; i <= prevOffset; i++) {
                    cur[j + i + curOffset] += j * prev[i + prevOffset] / normalizer;
                }
            }
            scales[k] = cur;
        }
    }

    /** The options. */
    public DeltaOptions options() {
        return opts;
    }

    /** The filter of order {@code k} (taps for frames t − k·window .. t + k·window). */
    public double[] filter(int k) {
        return scales[k].clone();
    }

    /** Frames each side an output frame reads: order · window. */
    public int reach() {
        return opts.order() * opts.window();
    }

    /** [x, Δx, ..., Δ^order x] for each frame of {@code in}. */
    public FeatureMatrix apply(FeatureMatrix in) {
        int numFrames = in.numFrames();
        int dim = in.dim();
        FeatureMatrix out = FeatureMatrix.zeros(numFrames, dim * (opts.order() + 1));
        double[] acc = new double[dim];
        for (int t = 0; t < numFrames; t++) {
            int frame = t;
            frame(in.data(), j -> Math.min(Math.max(frame + j, 0), numFrames - 1) * dim, dim, out.data(), t * out.dim(), acc);
        }
        return out;
    }

    /**
     * One output frame, [x_t, Δx_t, ..., Δ^order x_t], the core of {@link #apply} and of the streaming
     * {@link FeaturePipeline.Stream}: {@code rowOf.applyAsInt(j)} is where input frame t + j starts in
     * {@code x}, for j in [−{@link #reach}, {@link #reach}], edges already repeated.
     *
     * @param y   output, dim · (order + 1) values written from {@code yOffset}
     * @param acc scratch of {@code dim} doubles
     */
    void frame(float[] x, IntUnaryOperator rowOf, int dim, float[] y, int yOffset, double[] acc) {
        for (int k = 0; k <= opts.order(); k++) {
            double[] s = scales[k];
            int half = (s.length - 1) / 2;
            Arrays.fill(acc, 0);
            for (int j = -half; j <= half; j++) {
                double w = s[j + half];
                if (w == 0) {
                    continue;
                }
                int src = rowOf.applyAsInt(j);
                for (int d = 0; d < dim; d++) {
                    acc[d] += w * x[src + d];
                }
            }
            int dst = yOffset + k * dim;
            for (int d = 0; d < dim; d++) {
                y[dst + d] = (float) acc[d];
            }
        }
    }
}
