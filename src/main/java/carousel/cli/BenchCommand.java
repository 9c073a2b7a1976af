package carousel.cli;

import carousel.bench.Benchmarks;
import carousel.model.StreamingModel;
import carousel.tensor.Backend;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code carousel bench}: throughput of the fixed configurations B1, B2, B3. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measures training and streaming speed on the fixed configurations (float32):",
                "  B1  1-layer LSTM, input 40, hidden 256, batch 32, T=100, 40-class softmax (training)",
                "  B2  2-layer LSTMP, input 40, 1024 cells, projection 256, 2000 classes, batch 32, T=20 (training)",
                "  B3  the B2 model forward, batch 1, 1000 frames one step at a time (streaming; --weights bf16 for bfloat16 weights)",
                "Threads: CAROUSEL_THREADS (default all cores); BLAS: CAROUSEL_BLAS=auto|system|bundled|java.",
                "Example: carousel bench --only B1 --repeats 5"})
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--only", split = ",", description = "Configurations to run (B1, B2, B3; default all).")
    List<String> only;

    @Option(names = "--repeats", defaultValue = "5", description = "Timed runs per configuration; the median is reported (default ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--seconds", defaultValue = "2", description = "Length of one timed training run in seconds (default ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--memory", description = "Instead of speed: BPTT activation memory and peak heap of B1 at T = 50, 100, 200 and B2 at T = 10, 20, 40.")
    boolean memory;

    @Option(names = "--weights", defaultValue = "f32", description = "Storage of B3's streaming weights: f32 or bf16 (bfloat16, half the bytes per frame; "
            + "B1 and B2 always train in float32, so bf16 needs B3 among the configurations; default ${DEFAULT-VALUE}).")
    String weights;

    @Option(names = "--no-sgemm", description = "Skip the two sgemm speed probes printed before the configurations.")
    boolean noSgemm;

    @Override
    public Integer call() {
        if (repeats < 1) throw new IllegalArgumentException("--repeats must be at least 1");
        if (!(seconds > 0)) throw new IllegalArgumentException("--seconds must be positive");
        List<String> which = only == null ? List.of("B1", "B2", "B3") : only.stream().map(String::toUpperCase).toList();
        for (String w : which) if (!List.of("B1", "B2", "B3").contains(w)) throw new IllegalArgumentException("unknown configuration '" + w + "' (expected B1, B2 or B3)");
        StreamingModel.Weights streamingWeights = StreamingModel.Weights.parse(weights);
        if (streamingWeights == StreamingModel.Weights.BF16 && memory)
            throw new IllegalArgumentException("--weights bf16 applies to B3 (streaming) only; --memory measures training, which is float32");
        if (streamingWeights == StreamingModel.Weights.BF16 && !which.contains("B3"))
            throw new IllegalArgumentException("--weights bf16 applies to B3 (streaming) only; B1 and B2 train in float32: add B3 to --only");
        System.out.println("backend: " + Backend.blas().describe() + ", " + Backend.blas().threads() + " thread(s)");
        if (memory) {
            for (int T : new int[]{50, 100, 200}) System.out.println(Benchmarks.bpttMemory("B1", Benchmarks.b1(), 32, T));
            for (int T : new int[]{10, 20, 40}) System.out.println(Benchmarks.bpttMemory("B2", Benchmarks.b2(), 32, T));
            return 0;
        }
        if (!noSgemm) {
            System.out.printf("sgemm (32, 4096, 1280), an LSTM gate product of batch 32: %.1f GFLOP/s%n", Benchmarks.sgemmGflops(32, 4096, 1280, 1.0));
            System.out.printf("sgemm (640, 4096, 256), a batched input product: %.1f GFLOP/s%n", Benchmarks.sgemmGflops(640, 4096, 256, 1.0));
        }
        for (String w : which) {
            Benchmarks.Result r = switch (w) {
                case "B1" -> Benchmarks.training("B1", Benchmarks.b1(), 32, 100, repeats, seconds);
                case "B2" -> Benchmarks.training("B2", Benchmarks.b2(), 32, 20, repeats, seconds);
                default -> Benchmarks.streaming("B3", Benchmarks.b2(), 1000, repeats, streamingWeights);
            };
            System.out.println(r);
        }
        return 0;
    }
}
