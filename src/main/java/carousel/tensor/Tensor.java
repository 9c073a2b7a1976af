package carousel.tensor;

import java.util.Arrays;

/**
 * A dense row-major array with a shape, in float32 (the fast path) or float64 (the reference path
 * used by gradient checks). Exactly one of {@link #f} and {@link #d} is non-null.
 *
 * <p>Layout convention for sequences is time-major {@code (T, B, ·)}: element {@code (t, b, j)} of a
 * {@code (T, B, W)} tensor sits at {@code (t * B + b) * W + j}. Kernels take explicit offsets, so a
 * time step is addressed as an offset, never as a copied slice.
 */
public final class Tensor {
    public final DType dtype;
    public final int[] shape;
    public final float[] f;   // float32 storage, or null
    public final double[] d;  // float64 storage, or null

    private Tensor(DType dtype, int[] shape) {
        this.dtype = dtype;
        this.shape = shape.clone();
        long n = 1;
        for (int s : shape) {
            if (s < 0) throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            n *= s;
            if (n > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("tensor too large: shape " + Arrays.toString(shape));
        }
        this.f = dtype == DType.F32 ? new float[(int) n] : null;
        this.d = dtype == DType.F64 ? new double[(int) n] : null;
    }

    private Tensor(int[] shape, float[] f) { this.dtype = DType.F32; this.shape = shape.clone(); this.f = f; this.d = null; }

    public static Tensor zeros(DType dtype, int... shape) { return new Tensor(dtype, shape); }
    public static Tensor f32(int... shape) { return new Tensor(DType.F32, shape); }
    public static Tensor f64(int... shape) { return new Tensor(DType.F64, shape); }

    /** Wraps {@code data} (not copied); its length must equal the product of {@code shape}. */
    public static Tensor wrap(float[] data, int... shape) {
        long n = 1;
        for (int s : shape) n *= s;
        if (n != data.length) throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n + " values, got " + data.length);
        return new Tensor(shape, data);
    }

    public int size() { return f != null ? f.length : d.length; }
    public int rank() { return shape.length; }
    public int dim(int i) { return shape[i]; }

    public double get(int i) { return f != null ? f[i] : d[i]; }
    public void set(int i, double v) { if (f != null) f[i] = (float) v; else d[i] = v; }
    public void add(int i, double v) { if (f != null) f[i] += (float) v; else d[i] += v; }

    public void zero() { if (f != null) Arrays.fill(f, 0f); else Arrays.fill(d, 0.0); }
    public void fill(double v) { if (f != null) Arrays.fill(f, (float) v); else Arrays.fill(d, v); }

    /** A copy in the given precision. */
    public Tensor to(DType target) {
        Tensor out = new Tensor(target, shape);
        int n = size();
        for (int i = 0; i < n; i++) out.set(i, get(i));
        return out;
    }

    public Tensor copy() { return to(dtype); }

    public void copyFrom(Tensor src) {
        if (src.size() != size()) throw new IllegalArgumentException("size mismatch: " + src.shapeString() + " into " + shapeString());
        copy(src, 0, this, 0, size());
    }

    /** {@code dst[dOff..dOff+n) = src[sOff..sOff+n)}, converting precision if the two differ. */
    public static void copy(Tensor src, int sOff, Tensor dst, int dOff, int n) {
        if (src.f != null && dst.f != null) System.arraycopy(src.f, sOff, dst.f, dOff, n);
        else if (src.d != null && dst.d != null) System.arraycopy(src.d, sOff, dst.d, dOff, n);
        else for (int i = 0; i < n; i++) dst.set(dOff + i, src.get(sOff + i));
    }

    /** True when the shapes are equal. */
    public boolean sameShape(int... other) { return Arrays.equals(shape, other); }

    public String shapeString() { return Arrays.toString(shape).replace('[', '(').replace(']', ')'); }

    @Override public String toString() { return "Tensor" + shapeString() + " " + dtype; }
}
