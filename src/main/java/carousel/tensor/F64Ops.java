package carousel.tensor;

/**
 * Float64 kernels written as plainly as possible: the reference that {@link F32Ops} is tested
 * against, and the precision in which gradient checks run.
 */
public final class F64Ops extends Ops {
    public static final F64Ops INSTANCE = new F64Ops();

    private F64Ops() {}

    @Override public DType dtype() { return DType.F64; }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, Tensor a, int aOff, int lda,
                     Tensor b, int bOff, int ldb, double beta, Tensor c, int cOff, int ldc) {
        ReferenceBlas.dgemm(transA, transB, m, n, k, alpha, a.d, aOff, lda, b.d, bOff, ldb, beta, c.d, cOff, ldc);
    }

    @Override
    public void lstmForward(LstmPointwise p, int batch, int[] lengths, int t, Tensor gates, int gOff, Tensor cPrev, int cpOff,
                            Tensor c, int cOff, Tensor hc, int hcOff, Tensor m, int mOff, Tensor peep) {
        int H = p.hidden(), GH = p.gates() * H;
        double[] g = gates.d;
        for (int b = 0; b < batch; b++) {
            if (lengths != null && t >= lengths[b]) {
                System.arraycopy(cPrev.d, cpOff + b * H, c.d, cOff + b * H, H);
                continue;
            }
            int row = gOff + b * GH;
            for (int j = 0; j < H; j++) {
                double cp = cPrev.d[cpOff + b * H + j];
                double zi = g[row + p.iOff() + j], zg = g[row + p.gOff() + j], zo = g[row + p.oOff() + j];
                double zf = p.forgetGate() ? g[row + p.fOff() + j] : 0;
                if (p.peepholes()) {
                    zi += peep.d[p.peepI() + j] * cp;
                    if (p.forgetGate()) zf += peep.d[p.peepF() + j] * cp;
                }
                double i = p.gate().apply(zi);
                double f = p.forgetGate() ? p.gate().apply(zf) : 1.0;
                double gg = p.cellInput().apply(zg);
                double cv = f * cp + i * gg;
                if (p.cellClip() > 0) cv = Math.max(-p.cellClip(), Math.min(p.cellClip(), cv));
                if (p.peepholes()) zo += peep.d[p.peepO() + j] * cv;
                double o = p.gate().apply(zo);
                double h = p.cellOutput().apply(cv);
                g[row + p.iOff() + j] = i;
                if (p.forgetGate()) g[row + p.fOff() + j] = f;
                g[row + p.gOff() + j] = gg;
                g[row + p.oOff() + j] = o;
                c.d[cOff + b * H + j] = cv;
                hc.d[hcOff + b * H + j] = h;
                m.d[mOff + b * H + j] = o * h;
            }
        }
    }

    @Override
    public void lstmBackward(LstmPointwise p, int batch, int[] lengths, int t, Tensor gates, int gOff, Tensor cPrev, int cpOff,
                             Tensor c, int cOff, Tensor hc, int hcOff, Tensor peep, Tensor dm, int dmOff,
                             Tensor dcNext, int dcnOff, Tensor dPre, int dpOff, Tensor dcPrev, int dcpOff, Tensor dPeep) {
        int H = p.hidden(), GH = p.gates() * H;
        double[] g = gates.d, dp = dPre.d;
        for (int b = 0; b < batch; b++) {
            int row = gOff + b * GH, drow = dpOff + b * GH;
            if (lengths != null && t >= lengths[b]) {
                java.util.Arrays.fill(dp, drow, drow + GH, 0.0);
                System.arraycopy(dcNext.d, dcnOff + b * H, dcPrev.d, dcpOff + b * H, H);
                continue;
            }
            for (int j = 0; j < H; j++) {
                double i = g[row + p.iOff() + j], gg = g[row + p.gOff() + j], o = g[row + p.oOff() + j];
                double f = p.forgetGate() ? g[row + p.fOff() + j] : 1.0;
                double cp = cPrev.d[cpOff + b * H + j], cv = c.d[cOff + b * H + j], h = hc.d[hcOff + b * H + j];
                double dmv = dm.d[dmOff + b * H + j];
                double doPre = dmv * h * p.gate().derivFromOutput(o);
                double dc = dcNext.d[dcnOff + b * H + j] + dmv * o * p.cellOutput().derivFromOutput(h);
                if (p.peepholes()) dc += doPre * peep.d[p.peepO() + j];
                if (p.cellClip() > 0 && Math.abs(cv) >= p.cellClip()) dc = 0;
                double diPre = dc * gg * p.gate().derivFromOutput(i);
                double dgPre = dc * i * p.cellInput().derivFromOutput(gg);
                double dfPre = p.forgetGate() ? dc * cp * p.gate().derivFromOutput(f) : 0;
                double dcp = dc * f;
                if (p.peepholes()) {
                    dcp += diPre * peep.d[p.peepI() + j];
                    dPeep.d[p.peepI() + j] += diPre * cp;
                    dPeep.d[p.peepO() + j] += doPre * cv;
                    if (p.forgetGate()) {
                        dcp += dfPre * peep.d[p.peepF() + j];
                        dPeep.d[p.peepF() + j] += dfPre * cp;
                    }
                }
                dp[drow + p.iOff() + j] = diPre;
                if (p.forgetGate()) dp[drow + p.fOff() + j] = dfPre;
                dp[drow + p.gOff() + j] = dgPre;
                dp[drow + p.oOff() + j] = doPre;
                dcPrev.d[dcpOff + b * H + j] = dcp;
            }
        }
    }

    @Override
    public void activate(Activation f, Tensor src, int sOff, Tensor dst, int dOff, int n) {
        for (int i = 0; i < n; i++) dst.d[dOff + i] = f.apply(src.d[sOff + i]);
    }

    @Override
    public void activateBackward(Activation f, Tensor y, int yOff, Tensor dy, int dyOff, Tensor dz, int dzOff, int n) {
        for (int i = 0; i < n; i++) dz.d[dzOff + i] = dy.d[dyOff + i] * f.derivFromOutput(y.d[yOff + i]);
    }

    @Override
    public double softmaxCrossEntropy(Tensor logits, int off, int rows, int classes, int[] targets, int tOff,
                                      Tensor dlogits, double scale, long[] stats) {
        double loss = 0;
        for (int r = 0; r < rows; r++) {
            int o = off + r * classes, target = targets[tOff + r];
            if (target < 0) {
                if (dlogits != null) java.util.Arrays.fill(dlogits.d, o, o + classes, 0.0);
                continue;
            }
            if (target >= classes) throw new IllegalArgumentException("target class " + target + " out of range [0, " + classes + ")");
            double max = Double.NEGATIVE_INFINITY;
            int arg = 0;
            for (int j = 0; j < classes; j++) if (logits.d[o + j] > max) { max = logits.d[o + j]; arg = j; }
            double sum = 0;
            for (int j = 0; j < classes; j++) sum += Math.exp(logits.d[o + j] - max);
            double logSum = Math.log(sum);
            loss -= logits.d[o + target] - max - logSum;
            if (dlogits != null) {
                for (int j = 0; j < classes; j++) dlogits.d[o + j] = scale * Math.exp(logits.d[o + j] - max - logSum);
                dlogits.d[o + target] -= scale;
            }
            stats[0]++;
            if (arg == target) stats[1]++;
        }
        return loss;
    }
}
