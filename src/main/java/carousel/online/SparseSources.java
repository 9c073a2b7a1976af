package carousel.online;

import java.util.Arrays;

/**
 * The non-zero entries of one source vector of an online net (local input codes are mostly zeros),
 * and the weight columns fed by it that received gradient since the last update. Products over the
 * non-zero entries, in index order, give exactly the dense sums (the skipped terms are ±0); updates
 * then touch only the columns that carried gradient.
 */
final class SparseSources {
    private final int[] nz, dirty;
    private final boolean[] isDirty;
    private int count, dirtyCount;

    SparseSources(int width) {
        nz = new int[width];
        dirty = new int[width];
        isDirty = new boolean[width];
    }

    /** Records the non-zero entries of x (its length is the width). */
    void scan(double[] x) {
        count = 0;
        for (int i = 0; i < x.length; i++) if (x[i] != 0) nz[count++] = i;
    }

    int count() { return count; }
    int index(int i) { return nz[i]; }

    /** Σ_u w[off + u]·x[u] over the scanned non-zero u (the dense sum's value). */
    double dot(double[] w, int off, double[] x) {
        double a = 0;
        for (int i = 0; i < count; i++) a += w[off + nz[i]] * x[nz[i]];
        return a;
    }

    /** g[off + u] += d·x[u] over the scanned non-zero u. */
    void accumulate(double[] g, int off, double d, double[] x) {
        for (int i = 0; i < count; i++) g[off + nz[i]] += d * x[nz[i]];
    }

    /** The scanned columns have gradient now. */
    void markScanned() {
        for (int i = 0; i < count; i++) mark(nz[i]);
    }

    /** Every column has gradient (after a dense gradient computation). */
    void markAll() {
        for (int c = 0; c < isDirty.length; c++) mark(c);
    }

    private void mark(int c) {
        if (!isDirty[c]) { isDirty[c] = true; dirty[dirtyCount++] = c; }
    }

    /** w ← w − lr·g on the marked columns (trainable ones only) of every row of w (rows of the width), g ← 0 there; clears the marks. */
    void update(double[] w, double[] g, boolean[] trainable, double lr) {
        int width = isDirty.length;
        for (int i = 0; i < dirtyCount; i++) {
            int c = dirty[i];
            for (int r = c; r < w.length; r += width) {
                if (trainable[c]) w[r] -= lr * g[r];
                g[r] = 0;
            }
            isDirty[c] = false;
        }
        dirtyCount = 0;
    }

    /** Forgets the marks (the gradients were zeroed elsewhere). */
    void clearMarks() {
        Arrays.fill(isDirty, false);
        dirtyCount = 0;
    }

    /** Columns of a weight row that learn: all but the last (the bias) when the unit is unbiased. */
    static boolean[] trainableColumns(int width, boolean biased) {
        boolean[] m = new boolean[width];
        Arrays.fill(m, true);
        m[width - 1] = biased;
        return m;
    }

    /** w ← w − lr·g on the trainable columns of each row of {@code width}, and g ← 0 (dense, one pass). */
    static void updateRows(double[] w, double[] g, int width, boolean[] trainable, double lr) {
        for (int r = 0; r < w.length; r += width)
            for (int c = 0; c < width; c++) {
                if (trainable[c]) w[r + c] -= lr * g[r + c];
                g[r + c] = 0;
            }
    }
}
