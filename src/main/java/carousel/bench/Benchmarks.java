package carousel.bench;

import carousel.model.ModelConfig;
import carousel.model.SequenceModel;
import carousel.model.StreamingModel;
import carousel.tensor.Backend;
import carousel.tensor.Blas;
import carousel.tensor.DType;
import carousel.tensor.Products;
import carousel.tensor.Rng;
import carousel.tensor.Tensor;
import carousel.train.Batch;
import carousel.train.LearningRate;
import carousel.train.Sgd;
import carousel.train.Trainer;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Arrays;

/**
 * The fixed benchmark configurations (float32; training step = forward + backward + SGD update):
 * <ul>
 *   <li>B1: 1-layer LSTM, input 40, hidden 256, batch 32, T = 100, linear output to 40 classes, softmax CE.</li>
 *   <li>B2: 2-layer LSTMP, input 40, 1024 cells, projection 256, 2000 output classes, batch 32, T = 20.</li>
 *   <li>B3: the B2 model forward only, batch 1, 1000 frames fed one step at a time (streaming);
 *   float32 weights, or bfloat16 or int8 ones on request ({@link StreamingModel.Weights}).</li>
 *   <li>B4: the B2 model forward, 32 streams at once, one frame each per step ({@link ManyStreams}).</li>
 * </ul>
 * Frames = batch × steps. GFLOP/s counts matrix-product FLOPs only (2·m·n·k per product; training
 * = 3× forward), the same convention as the peer measurements in the project's references.
 */
public final class Benchmarks {
    /**
     * One configuration's speed and memory; {@code weights} and {@code weightBytesPerFrame} (the
     * weight bytes one streaming step reads) only for streaming, else null and -1.
     */
    public record Result(String name, double framesPerSecond, double gflops, double realTimeFactor, long activationBytes, long peakHeapBytes,
                         long peakRssBytes, double[] samples, StreamingModel.Weights weights, long weightBytesPerFrame) {
        @Override public String toString() {
            String rtf = Double.isNaN(realTimeFactor) ? "" : String.format(", real-time factor %.3f at 100 frames/s", realTimeFactor);
            String w = weights == null ? "" : String.format("  %s weights %.2f MB read per frame (%.1f GB/s)", weights.name().toLowerCase(java.util.Locale.ROOT),
                    weightBytesPerFrame / 1e6, weightBytesPerFrame * framesPerSecond / 1e9);
            return String.format("%-3s %10.0f frames/s  %6.1f GFLOP/s%s%s  activations %s  peak heap %s  peak RSS %s  (median of %d runs: %s)",
                    name, framesPerSecond, gflops, rtf, w, mib(activationBytes), mib(peakHeapBytes), mib(peakRssBytes), samples.length, spread(samples));
        }
    }

    /** Memory of one BPTT training step at T steps: activation and backward buffers, and the heap's peak. */
    public record Memory(String name, int steps, int batch, long activationBytes, long liveHeapBytes, long peakHeapBytes) {
        @Override public String toString() {
            return String.format("%-3s T=%-4d activations %9s (%.1f KiB per frame)  live heap after the step %9s  peak heap %s",
                    name, steps, mib(activationBytes), activationBytes / 1024.0 / steps / batch, mib(liveHeapBytes), mib(peakHeapBytes));
        }
    }

    /**
     * Activation memory of full BPTT at {@code steps} time steps (batch 32): one model, two training
     * steps, the layers' cache sizes and the heap's peak after a full collection.
     */
    public static Memory bpttMemory(String name, ModelConfig cfg, int batch, int steps, Products products) {
        SequenceModel model = new SequenceModel(cfg, DType.F32);
        Rng rng = new Rng(4);
        model.initialize(rng);
        Tensor x = Tensor.f32(steps, batch, cfg.inputSize());
        rng.fillUniform(x, 1);
        int[] labels = new int[steps * batch];
        for (int i = 0; i < labels.length; i++) labels[i] = rng.nextInt(cfg.outputSize());
        Batch b = new Batch(x, steps, batch, null, labels, null, carousel.loss.Frames.ALL);
        Trainer trainer = new Trainer(model, new Sgd(0, 0), LearningRate.constant(1e-4), Trainer.Clipping.NONE, products);
        resetPeaks();
        for (int i = 0; i < 2; i++) trainer.step(b, null);
        long peak = peakHeap();
        System.gc();
        long live = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) if (p.getType() == MemoryType.HEAP) live += p.getUsage().getUsed();
        return new Memory(name, steps, batch, trainer.cache().bytes(), live, peak);  // the cache is used after the collection: it was live
    }

    /** The process's peak resident set (VmHWM: heap, JIT code, native libraries and their buffers), or -1 where unknown. */
    static long peakRss() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status")))
                if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        } catch (java.io.IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    static String mib(long b) { return String.format("%.1f MiB", b / 1048576.0); }

    static String spread(double[] s) {
        double[] c = s.clone(); Arrays.sort(c);
        return String.format("%.0f..%.0f", c[0], c[c.length - 1]);
    }

    public static ModelConfig b1() { return ModelConfig.lstm(40, 256, 1, 0, false, 40); }
    public static ModelConfig b2() { return ModelConfig.lstm(40, 1024, 2, 256, false, 2000); }

    /** Matrix-product FLOPs of one frame forward through the model. */
    public static double forwardFlopsPerFrame(ModelConfig c) {
        double f = 0;
        int gates = c.cell() == carousel.model.Cell.LSTM ? (c.forgetGate() ? 4 : 3) : 1;
        int r = c.cell() == carousel.model.Cell.LSTM && c.projSize() > 0 ? c.projSize() : c.hiddenSize();
        for (int k = 0; k < c.numLayers(); k++) {
            double layer = 2.0 * gates * c.hiddenSize() * (c.layerInputSize(k) + r);
            if (c.projSize() > 0) layer += 2.0 * c.projSize() * c.hiddenSize();
            if (c.nonRecurrentProjSize() > 0) layer += 2.0 * c.nonRecurrentProjSize() * c.hiddenSize();
            f += layer * c.directions();
        }
        f += 2.0 * c.outputSize() * c.layerOutputSize() * c.directions();
        return f;
    }

    /** Training throughput of a model on random data: repeats timed runs of about {@code seconds} each, the whole-chunk products in {@code products}. */
    public static Result training(String name, ModelConfig cfg, int batch, int steps, int repeats, double seconds, Products products) {
        SequenceModel model = new SequenceModel(cfg, DType.F32);
        Rng rng = new Rng(1);
        model.initialize(rng);
        Tensor x = Tensor.f32(steps, batch, cfg.inputSize());
        rng.fillUniform(x, 1);
        int[] labels = new int[steps * batch];
        for (int i = 0; i < labels.length; i++) labels[i] = rng.nextInt(cfg.outputSize());
        Batch b = new Batch(x, steps, batch, null, labels, null, carousel.loss.Frames.ALL);
        Trainer trainer = new Trainer(model, new Sgd(0, 0), LearningRate.constant(1e-4), Trainer.Clipping.NONE, products);
        resetPeaks();
        for (int i = 0; i < 3; i++) trainer.step(b, null); // warm-up: JIT, buffers
        double[] fps = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            int n = 0;
            do { trainer.step(b, null); n++; } while (System.nanoTime() - t0 < seconds * 1e9);
            fps[r] = (double) n * steps * batch / ((System.nanoTime() - t0) / 1e9);
        }
        double med = median(fps);
        return new Result(name, med, med * 3 * forwardFlopsPerFrame(cfg) / 1e9, Double.NaN, trainer.cache().bytes(), peakHeap(), peakRss(), fps, null, -1);
    }

    /**
     * Streaming: batch 1, one frame per call, state carried between calls, through
     * {@link StreamingModel} (stacked-weight matrix-vector steps; equal to the model's forward).
     */
    public static Result streaming(String name, ModelConfig cfg, int frames, int repeats) {
        return streaming(name, cfg, frames, repeats, StreamingModel.Weights.F32);
    }

    /** As {@link #streaming(String, ModelConfig, int, int)} with the streaming weights stored as {@code weights}. */
    public static Result streaming(String name, ModelConfig cfg, int frames, int repeats, StreamingModel.Weights weights) {
        SequenceModel model = new SequenceModel(cfg, DType.F32);
        Rng rng = new Rng(2);
        model.initialize(rng);
        Tensor x = Tensor.f32(frames, 1, cfg.inputSize());
        rng.fillUniform(x, 1);
        StreamingModel streaming = new StreamingModel(model, weights);
        StreamingModel.Scratch scratch = streaming.newScratch();
        Tensor[][] state = streaming.newState();
        resetPeaks();
        double[] fps = new double[repeats];
        float sink = 0;
        for (int r = -3; r < repeats; r++) {  // r < 0: warm-up passes (JIT)
            for (Tensor[] l : state) for (Tensor p : l) p.zero();
            long t0 = System.nanoTime();
            for (int t = 0; t < frames; t++) sink += streaming.step(scratch, x.f, t * cfg.inputSize(), state)[0];
            if (r >= 0) fps[r] = frames / ((System.nanoTime() - t0) / 1e9);
        }
        if (Float.isNaN(sink)) throw new IllegalStateException("streaming produced NaN");
        double med = median(fps);
        long stateBytes = 0;
        for (Tensor[] l : state) for (Tensor p : l) stateBytes += 4L * p.size();
        return new Result(name, med, med * forwardFlopsPerFrame(cfg) / 1e9, 100.0 / med, stateBytes, peakHeap(), peakRss(), fps, weights, streaming.weightBytes());
    }

    /** Measured sgemm GFLOP/s of the process's BLAS on one product of shape (m, n, k). */
    public static double sgemmGflops(int m, int n, int k, double seconds) {
        Blas blas = Backend.blas();
        float[] a = new float[m * k], b = new float[k * n], c = new float[m * n];
        Rng rng = new Rng(3);
        for (int i = 0; i < a.length; i++) a[i] = (float) rng.uniform(-1, 1);
        for (int i = 0; i < b.length; i++) b[i] = (float) rng.uniform(-1, 1);
        for (int i = 0; i < 3; i++) blas.sgemm(false, true, m, n, k, 1f, a, 0, k, b, 0, k, 0f, c, 0, n);
        long t0 = System.nanoTime();
        int reps = 0;
        do { blas.sgemm(false, true, m, n, k, 1f, a, 0, k, b, 0, k, 0f, c, 0, n); reps++; } while (System.nanoTime() - t0 < seconds * 1e9);
        return 2.0 * m * n * k * reps / ((System.nanoTime() - t0) / 1e9) / 1e9;
    }

    private static double median(double[] v) {
        double[] c = v.clone(); Arrays.sort(c);
        return c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2;
    }

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) if (p.getType() == MemoryType.HEAP) p.resetPeakUsage();
    }

    private static long peakHeap() {
        long s = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) if (p.getType() == MemoryType.HEAP) s += p.getPeakUsage().getUsed();
        return s;
    }
}
