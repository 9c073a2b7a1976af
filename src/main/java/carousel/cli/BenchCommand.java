package carousel.cli;

import carousel.bench.Benchmarks;
import carousel.bench.ManyStreams;
import carousel.tensor.ReadBandwidth;
import carousel.model.StreamingModel;
import carousel.tensor.Backend;
import carousel.tensor.Products;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code carousel bench}: throughput of the fixed configurations B1, B2, B3, B4. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measures training and streaming speed on the fixed configurations (float32):",
                "  B1  1-layer LSTM, input 40, hidden 256, batch 32, T=100, 40-class softmax (training)",
                "  B2  2-layer LSTMP, input 40, 1024 cells, projection 256, 2000 classes, batch 32, T=20 (training)",
                "  B3  the B2 model forward, batch 1, 1000 frames one step at a time (streaming; --weights bf16|int8 for reduced precision),",
                "      then one core's read bandwidth over a buffer of B3's weight bytes and B3's share of it",
                "  B4  32 streams of the B2 model at once, one frame each per step, joining and leaving on a seeded schedule",
                "      (frames/s, 50th/95th percentile time per step, real-time streams; --weights as B3)",
                "Threads: CAROUSEL_THREADS (default all cores); BLAS: CAROUSEL_BLAS=auto|system|bundled|java.",
                "Example: carousel bench --only B1 --repeats 5"})
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--only", split = ",", description = "Configurations to run (B1, B2, B3, B4; default all).")
    List<String> only;

    @Option(names = "--repeats", defaultValue = "5", description = "Timed runs per configuration; the median is reported (default ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--seconds", defaultValue = "2", description = "Length of one timed training run in seconds (default ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--memory", description = "Instead of speed: BPTT activation memory and peak heap of B1 at T = 50, 100, 200 and B2 at T = 10, 20, 40.")
    boolean memory;

    @Option(names = "--weights", defaultValue = "f32", description = "Storage of B3's and B4's streaming weights: f32, bf16 (bfloat16, half the bytes per frame) "
            + "or int8 (per-row scales, a quarter); B1 and B2 train float32 weights (their products: --train-products), so bf16 and int8 need B3 or B4 among the configurations; default ${DEFAULT-VALUE}).")
    String weights;

    @Option(names = "--train-products", defaultValue = "f32", description = "Precision of B1's and B2's whole-chunk training products (input products, "
            + "output layer, weight gradients): f32, or bf16 (operands rounded to bfloat16, float32 sums, by oneDNN where the CPU has AVX512-BF16; default ${DEFAULT-VALUE}).")
    String trainProducts;

    @Option(names = "--no-sgemm", description = "Skip the two sgemm speed probes printed before the configurations.")
    boolean noSgemm;

    @Override
    public Integer call() {
        if (repeats < 1) throw new IllegalArgumentException("--repeats must be at least 1");
        if (!(seconds > 0)) throw new IllegalArgumentException("--seconds must be positive");
        List<String> all = List.of("B1", "B2", "B3", "B4");
        List<String> which = only == null ? all : only.stream().map(String::toUpperCase).toList();
        for (String w : which) if (!all.contains(w)) throw new IllegalArgumentException("unknown configuration '" + w + "' (expected B1, B2, B3 or B4)");
        StreamingModel.Weights streamingWeights = StreamingModel.Weights.parse(weights);
        boolean reduced = streamingWeights != StreamingModel.Weights.F32;
        if (reduced && memory)
            throw new IllegalArgumentException("--weights " + streamingWeights.label() + " applies to streaming (B3, B4) only; --memory measures training, which is float32");
        if (reduced && !which.contains("B3") && !which.contains("B4"))
            throw new IllegalArgumentException("--weights " + streamingWeights.label() + " applies to streaming (B3, B4) only; B1 and B2 train in float32: add B3 or B4 to --only");
        Products products = Products.parse(trainProducts);
        if (products != Products.F32 && !which.contains("B1") && !which.contains("B2"))
            throw new IllegalArgumentException("--train-products " + products.configName() + " applies to training (B1, B2) only: add B1 or B2 to --only");
        System.out.println("backend: " + Backend.blas().describe() + ", " + Backend.blas().threads() + " thread(s)");
        if (products != Products.F32) System.out.println("training products: " + Backend.products(products).describe());
        if (memory) {
            for (int T : new int[]{50, 100, 200}) System.out.println(Benchmarks.bpttMemory("B1", Benchmarks.b1(), 32, T, products));
            for (int T : new int[]{10, 20, 40}) System.out.println(Benchmarks.bpttMemory("B2", Benchmarks.b2(), 32, T, products));
            return 0;
        }
        if (!noSgemm) {
            System.out.printf("sgemm (32, 4096, 1280), an LSTM gate product of batch 32: %.1f GFLOP/s%n", Benchmarks.sgemmGflops(32, 4096, 1280, 1.0));
            System.out.printf("sgemm (640, 4096, 256), a batched input product: %.1f GFLOP/s%n", Benchmarks.sgemmGflops(640, 4096, 256, 1.0));
        }
        for (String w : which) {
            switch (w) {
                case "B1" -> System.out.println(Benchmarks.training("B1", Benchmarks.b1(), 32, 100, repeats, seconds, products));
                case "B2" -> System.out.println(Benchmarks.training("B2", Benchmarks.b2(), 32, 20, repeats, seconds, products));
                case "B3" -> {
                    Benchmarks.Result r = Benchmarks.streaming("B3", Benchmarks.b2(), 1000, repeats, streamingWeights);
                    System.out.println(r);
                    double probe = ReadBandwidth.bytesPerSecond(r.weightBytesPerFrame(), 50);
                    // the probe is a best pass, so B3's best run is set beside it as well as its median
                    double median = r.weightBytesPerFrame() * r.framesPerSecond(), best = r.weightBytesPerFrame() * Arrays.stream(r.samples()).max().orElseThrow();
                    System.out.printf("read bandwidth, one core, %.2f MB buffer (B3's weights): %.1f GB/s (best pass of at least 50 and 0.5 s); B3 reads %.1f GB/s, %.0f %% of it (best run %.1f GB/s, %.0f %%)%n",
                            r.weightBytesPerFrame() / 1e6, probe / 1e9, median / 1e9, 100 * median / probe, best / 1e9, 100 * best / probe);
                }
                default -> System.out.println(ManyStreams.run("B4", Benchmarks.b2(), 32, 500, repeats, streamingWeights));
            }
        }
        return 0;
    }
}
