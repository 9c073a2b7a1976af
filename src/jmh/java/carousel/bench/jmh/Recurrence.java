package carousel.bench.jmh;

import carousel.bench.Benchmarks;
import carousel.model.SequenceModel;
import carousel.model.StreamingModel;
import carousel.tensor.Backend;
import carousel.tensor.Blas;
import carousel.tensor.DType;
import carousel.tensor.PackedMatrix;
import carousel.tensor.Rng;
import carousel.tensor.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * The per-step recurrent products of training at batch 32, on one thread: C (32, n) = A (32, k)·Wᵀ,
 * with OpenBLAS's sgemm (which repacks W on every call) against the {@link PackedMatrix} kernel on
 * W packed once. Shapes "n x k": 4096x256 (B2 forward, W_hh), 256x4096 (B2 backward, W_hhᵀ),
 * 1024x256 (B1 forward), 256x1024 (B1 backward; B2 projection forward). Plus the whole streaming
 * step of B3 (two LSTMP layers and the 2000-class output, batch 1).
 * Run single-threaded: CAROUSEL_THREADS=1 (the OpenBLAS side then uses one thread).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class Recurrence {
    @Param({"4096x256", "256x4096", "1024x256", "256x1024"})
    String shape;

    static final int M = 32;
    int n, k;
    float[] a, w, c;
    PackedMatrix packed;
    Blas blas;
    StreamingModel streaming;
    Tensor[][] state;
    float[] frame;

    @Setup
    public void setup() {
        String[] p = shape.split("x");
        n = Integer.parseInt(p[0]);
        k = Integer.parseInt(p[1]);
        Rng r = new Rng(2);
        a = new float[M * k]; w = new float[n * k]; c = new float[M * n];
        for (int i = 0; i < a.length; i++) a[i] = (float) r.uniform(-1, 1);
        for (int i = 0; i < w.length; i++) w[i] = (float) r.uniform(-1, 1);
        packed = PackedMatrix.pack(w, 0, k, n, k, false, null);
        blas = Backend.blas();
        SequenceModel model = new SequenceModel(Benchmarks.b2(), DType.F32);
        model.initialize(new Rng(3));
        streaming = new StreamingModel(model);
        state = streaming.newState();
        frame = new float[40];
        for (int i = 0; i < frame.length; i++) frame[i] = (float) r.uniform(-1, 1);
    }

    @Benchmark
    public float[] openblasSgemm() {
        blas.sgemm(false, true, M, n, k, 1f, a, 0, k, w, 0, k, 0f, c, 0, n);
        return c;
    }

    @Benchmark
    public float[] packedKernel() {
        packed.multiplyBatch(M, a, 0, k, c, 0, n, false);
        return c;
    }

    @Benchmark
    public float[] packOnce() {
        packed = PackedMatrix.pack(w, 0, k, n, k, false, packed);
        return c;
    }

    /** One B3 streaming step (independent of the shape parameter). */
    @Benchmark
    public float[] streamingStepB3() {
        return streaming.step(frame, 0, state);
    }
}
