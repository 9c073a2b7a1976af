package carousel.layer;

import carousel.tensor.Ops;
import carousel.tensor.Products;
import carousel.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs one layer forward in time and a twin backward in time, and concatenates their outputs:
 * y_t = [y→_t ; y←_t], of width 2·O (Schuster &amp; Paliwal 1997). Each sequence is reversed within
 * its own length, so padding stays at the end for both directions. Parameters of the backward
 * twin get PyTorch's {@code _reverse} suffix; state is [forward parts..., backward parts...], and
 * the backward direction's final state is the one after it has read step 0, as in PyTorch.
 */
public final class Bidirectional implements SequenceLayer {
    private final SequenceLayer fwd, bwd;
    private final Ops ops;

    public Bidirectional(SequenceLayer forward, SequenceLayer backward) {
        if (forward.inputSize() != backward.inputSize() || forward.outputSize() != backward.outputSize())
            throw new IllegalArgumentException("the two directions of a bidirectional layer must have the same sizes");
        this.fwd = forward;
        this.bwd = backward;
        this.ops = forward.ops();
    }

    public SequenceLayer forwardLayer() { return fwd; }
    public SequenceLayer backwardLayer() { return bwd; }
    @Override public int inputSize() { return fwd.inputSize(); }
    @Override public int outputSize() { return 2 * fwd.outputSize(); }
    @Override public Ops ops() { return ops; }

    @Override
    public List<Param> params() {
        List<Param> l = new ArrayList<>(fwd.params());
        for (Param p : bwd.params()) l.add(p.renamed(p.name() + "_reverse"));
        return l;
    }

    @Override
    public int[][] stateShapes(int batch) {
        int[][] a = fwd.stateShapes(batch);
        int[][] out = new int[2 * a.length][];
        for (int i = 0; i < a.length; i++) { out[i] = a[i]; out[a.length + i] = a[i]; }
        return out;
    }

    static final class BiCache implements Cache {
        final Cache f, b;
        int T = -1, B = -1;
        int[] lengths;
        Tensor xr, y, dyF, dyR, dxr;
        Tensor[] finalState;
        BiCache(Cache f, Cache b) { this.f = f; this.b = b; }
        @Override public long bytes() {
            long n = f.bytes() + b.bytes();
            for (Tensor t : new Tensor[]{xr, y, dyF, dyR, dxr}) if (t != null) n += (long) t.size() * (t.f != null ? 4 : 8);
            return n;
        }
    }

    @Override public Cache newCache(Products p) { return new BiCache(fwd.newCache(p), bwd.newCache(p)); }

    /** Row (t, b) of the time-reversed sequence reads row (len_b − 1 − t, b); padding rows map to themselves. */
    private static int reversedStep(int t, int b, int T, int[] lengths) {
        int len = lengths == null ? T : lengths[b];
        return t < len ? len - 1 - t : t;
    }

    private static void reverse(Tensor src, int srcLd, int srcCol, Tensor dst, int dstLd, int dstCol, int width,
                                int T, int B, int[] lengths, boolean add) {
        for (int t = 0; t < T; t++)
            for (int b = 0; b < B; b++) {
                int s = (reversedStep(t, b, T, lengths) * B + b) * srcLd + srcCol, d = (t * B + b) * dstLd + dstCol;
                if (!add) Tensor.copy(src, s, dst, d, width);
                else for (int j = 0; j < width; j++) dst.add(d + j, src.get(s + j));
            }
    }

    @Override
    public Tensor forward(Cache cache, Tensor x, int T, int B, int[] lengths, Tensor[] initial) {
        BiCache k = (BiCache) cache;
        int I = inputSize(), O = fwd.outputSize();
        if (k.T != T || k.B != B) {
            k.T = T; k.B = B;
            k.xr = ops.zeros(T, B, I);
            k.y = ops.zeros(T, B, 2 * O);
            k.dyF = null;
        }
        k.lengths = lengths;
        int nf = fwd.stateShapes(B).length;
        Tensor[] initF = null, initB = null;
        if (initial != null) {
            initF = java.util.Arrays.copyOfRange(initial, 0, nf);
            initB = java.util.Arrays.copyOfRange(initial, nf, 2 * nf);
        }
        Tensor yF = fwd.forward(k.f, x, T, B, lengths, initF);
        reverse(x, I, 0, k.xr, I, 0, I, T, B, lengths, false);
        Tensor yR = bwd.forward(k.b, k.xr, T, B, lengths, initB);
        ops.copyRows(yF, 0, O, k.y, 0, 2 * O, T * B, O);
        reverse(yR, O, 0, k.y, 2 * O, O, O, T, B, lengths, false);
        Tensor[] a = fwd.finalState(k.f), b = bwd.finalState(k.b);
        k.finalState = new Tensor[a.length + b.length];
        System.arraycopy(a, 0, k.finalState, 0, a.length);
        System.arraycopy(b, 0, k.finalState, a.length, b.length);
        return k.y;
    }

    @Override public Tensor[] finalState(Cache cache) { return ((BiCache) cache).finalState; }

    @Override
    public void backward(Cache cache, Tensor dy, Tensor[] dFinal, Tensor dx, Tensor[] dInitial) {
        BiCache k = (BiCache) cache;
        int T = k.T, B = k.B, I = inputSize(), O = fwd.outputSize(), nf = fwd.stateShapes(B).length;
        if (k.dyF == null) { k.dyF = ops.zeros(T, B, O); k.dyR = ops.zeros(T, B, O); k.dxr = ops.zeros(T, B, I); }
        ops.copyRows(dy, 0, 2 * O, k.dyF, 0, O, T * B, O);
        reverse(dy, 2 * O, O, k.dyR, O, 0, O, T, B, k.lengths, false);
        Tensor[] dFinF = dFinal == null ? null : java.util.Arrays.copyOfRange(dFinal, 0, nf);
        Tensor[] dFinB = dFinal == null ? null : java.util.Arrays.copyOfRange(dFinal, nf, 2 * nf);
        Tensor[] dInitF = dInitial == null ? null : java.util.Arrays.copyOfRange(dInitial, 0, nf);
        Tensor[] dInitB = dInitial == null ? null : java.util.Arrays.copyOfRange(dInitial, nf, 2 * nf);
        fwd.backward(k.f, k.dyF, dFinF, dx, dInitF);
        if (dx != null) {
            k.dxr.zero();
            bwd.backward(k.b, k.dyR, dFinB, k.dxr, dInitB);
            reverse(k.dxr, I, 0, dx, I, 0, I, T, B, k.lengths, true);
        } else {
            bwd.backward(k.b, k.dyR, dFinB, null, dInitB);
        }
    }
}
