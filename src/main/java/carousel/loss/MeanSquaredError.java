package carousel.loss;

import carousel.tensor.Tensor;

/**
 * Mean squared error on (T, B, O) outputs against (T, B, O) targets, averaged over counted frames
 * and outputs (PyTorch's MSELoss 'mean' over the counted frames): E = (1/(N·O)) Σ (y − t)²,
 * dy = 2(y − t)/(N·O). Frames past a sequence's length, or other than its last with
 * {@link Frames#LAST}, are not counted and get zero gradient. {@code correct} counts frames whose
 * every output is within 0.5 of its target (sign-style success).
 */
public final class MeanSquaredError {
    public LossResult compute(Tensor y, Tensor target, int T, int B, int O, int[] lengths, Frames frames, Tensor dy) {
        long count = 0;
        for (int b = 0; b < B; b++) {
            int len = lengths == null ? T : lengths[b];
            count += frames == Frames.ALL ? len : (len > 0 ? 1 : 0);
        }
        double norm = count == 0 ? 0 : 1.0 / (count * O);
        double sum = 0;
        long correct = 0;
        for (int t = 0; t < T; t++)
            for (int b = 0; b < B; b++) {
                int len = lengths == null ? T : lengths[b];
                boolean counted = t < len && (frames == Frames.ALL || t == len - 1);
                int o = (t * B + b) * O;
                boolean ok = true;
                for (int j = 0; j < O; j++) {
                    double e = counted ? y.get(o + j) - target.get(o + j) : 0;
                    if (counted) { sum += e * e; if (Math.abs(e) >= 0.5) ok = false; }
                    if (dy != null) dy.set(o + j, 2 * e * norm);
                }
                if (counted && ok) correct++;
            }
        return new LossResult(sum * norm, count, correct);
    }
}
