package carousel.cli;

import carousel.train.GradientCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code carousel gradcheck}: the engine's gradient checks, for users to run on their machine. */
@Command(name = "gradcheck", mixinStandardHelpOptions = true,
        description = {"Checks every layer's and option's back-propagated gradients against central finite differences in double precision.",
                "Prints the worst relative error per configuration with the parameter element it occurred at.",
                "Example: carousel gradcheck --samples 100"})
public final class GradcheckCommand implements Callable<Integer> {
    @Option(names = "--samples", defaultValue = "60", description = "Elements checked per tensor, at most (default ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--tolerance", defaultValue = "1e-6", description = "Largest relative error that passes (default ${DEFAULT-VALUE}).")
    double tolerance;

    @Option(names = "--only", description = "Only configurations whose name contains this text, e.g. 'peephole'.")
    String only;

    @Override
    public Integer call() {
        if (samples < 1) throw new IllegalArgumentException("--samples must be at least 1, got " + samples);
        List<GradientCheck.Case> cases = GradientCheck.standardCases();
        if (only != null) cases = cases.stream().filter(c -> c.name().contains(only)).toList();
        if (cases.isEmpty()) throw new IllegalArgumentException("no configuration name contains '" + only + "'");
        int failed = 0;
        for (GradientCheck.Case c : cases) {
            GradientCheck.Report r = GradientCheck.run(c, seed, samples);
            boolean ok = r.passed(tolerance);
            if (!ok) failed++;
            System.out.println((ok ? "ok    " : "FAIL  ") + r);
        }
        System.out.printf("%d of %d configurations passed (tolerance %.1e)%n", cases.size() - failed, cases.size(), tolerance);
        return failed == 0 ? 0 : 1;
    }
}
