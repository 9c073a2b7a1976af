package carousel.cli;

import carousel.online.CostProbe;
import carousel.online.Lstm1997Config;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code carousel lag-cost}: the 1997 learning rule's cost per step and memory at growing sequence lengths. */
@Command(name = "lag-cost", mixinStandardHelpOptions = true,
        description = {"Measures the 1997 LSTM learning rule's time per step and memory at T = 100, 1000, 10000 (default):",
                "online truncated learning (traces carried forward) keeps O(W) memory whatever T; the reference truncated BPTT",
                "of the same net stores every step and allocates memory in proportion to T.",
                "The net is Exp. 2c's: p+4 inputs, 2 blocks of 1 cell, 2 outputs, no biases (p = 100: 664 weights).",
                "Example: carousel lag-cost --p 100 --lengths 100,1000,10000"})
public final class LagCostCommand implements Callable<Integer> {
    @Option(names = "--p", defaultValue = "100", description = "Distractor symbols p of Exp. 2c (default ${DEFAULT-VALUE}).")
    int p;

    @Option(names = "--lengths", split = ",", defaultValue = "100,1000,10000", description = "Sequence lengths (default ${DEFAULT-VALUE}).")
    List<Integer> lengths;

    @Option(names = "--repeats", defaultValue = "5", description = "Sequences timed per length (default ${DEFAULT-VALUE}).")
    int repeats;

    @Override
    public Integer call() {
        if (p < 1 || repeats < 1) throw new IllegalArgumentException("--p and --repeats must be positive");
        for (int T : lengths) if (T < 2 || T > 1_000_000) throw new IllegalArgumentException("sequence lengths must be in [2, 1000000], got " + T);
        Lstm1997Config cfg = Lstm1997Config.paper(p + 4, 2, 2, 1, 0.1).withBiases(false, false, false);
        System.out.printf("1997 LSTM, %d inputs, 2 blocks of 1 cell, %d weights%n", p + 4, cfg.weightCount());
        System.out.printf("%8s  %16s  %22s  %18s  %14s  %22s%n", "T", "online ns/step", "online bytes alloc/step", "online state bytes", "BPTT ns/step", "BPTT bytes per sequence");
        for (CostProbe.Row r : CostProbe.measure(cfg, lengths.stream().mapToInt(Integer::intValue).toArray(), repeats, 1)) {
            System.out.printf("%8d  %16.0f  %22.1f  %18d  %14.0f  %22.0f%n", r.steps(), r.onlineNsPerStep(), r.onlineBytesAllocatedPerStep(),
                    r.onlineStateBytes(), r.bpttNsPerStep(), r.bpttBytesAllocatedPerStep() * r.steps());
        }
        System.out.println("online: the same state bytes at every T, no allocation per step; BPTT keeps every step's activations until its backward pass (memory ∝ T).");
        return 0;
    }
}
