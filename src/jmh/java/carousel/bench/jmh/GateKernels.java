package carousel.bench.jmh;

import carousel.tensor.Activation;
import carousel.tensor.F32Ops;
import carousel.tensor.LstmPointwise;
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
 * The fused element-wise LSTM step (Vector API), forward and backward, for one time step of a
 * batch: B = 32 rows of H = 256 (B1) or 1024 (B2) cells, standard cell (σ, tanh, forget gate).
 * The forward overwrites its gate buffer with activations, so each call first restores the
 * pre-activations (a copy of B·4H floats, also measured by {@link #copyOnly}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class GateKernels {
    @Param({"256", "1024"})
    int hidden;

    static final int B = 32;
    LstmPointwise pw;
    Tensor pre, gates, cPrev, c, hc, m, dm, dcNext, dPre, dcPrev;

    @Setup
    public void setup() {
        pw = new LstmPointwise(hidden, true, false, Activation.SIGMOID, Activation.TANH, Activation.TANH, 0f);
        Rng r = new Rng(1);
        pre = Tensor.f32(B, 4 * hidden); r.fillUniform(pre, 2);
        gates = pre.copy();
        cPrev = Tensor.f32(B, hidden); r.fillUniform(cPrev, 1);
        c = Tensor.f32(B, hidden); hc = Tensor.f32(B, hidden); m = Tensor.f32(B, hidden);
        dm = Tensor.f32(B, hidden); r.fillUniform(dm, 1);
        dcNext = Tensor.f32(B, hidden); r.fillUniform(dcNext, 1);
        dPre = Tensor.f32(B, 4 * hidden); dcPrev = Tensor.f32(B, hidden);
        F32Ops.INSTANCE.lstmForward(pw, B, null, 0, gates, 0, cPrev, 0, c, 0, hc, 0, m, 0, null);
    }

    @Benchmark
    public Tensor copyOnly() {
        System.arraycopy(pre.f, 0, dPre.f, 0, pre.f.length);
        return dPre;
    }

    @Benchmark
    public Tensor forward() {
        System.arraycopy(pre.f, 0, dPre.f, 0, pre.f.length);
        F32Ops.INSTANCE.lstmForward(pw, B, null, 0, dPre, 0, cPrev, 0, c, 0, hc, 0, m, 0, null);
        return m;
    }

    @Benchmark
    public Tensor backward() {
        F32Ops.INSTANCE.lstmBackward(pw, B, null, 0, gates, 0, cPrev, 0, c, 0, hc, 0, null, dm, 0, dcNext, 0, dPre, 0, dcPrev, 0, null);
        return dPre;
    }

}
