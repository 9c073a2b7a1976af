package carousel.cli;

import carousel.speech.tree.ContextTree;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code carousel tree info FILE}: what a tree file holds. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = {"Prints a tree file's phones, questions and tied states, and per phone its tied states, tree leaves and depth.",
                "Example: carousel tree info runs/tree.txt"})
public final class TreeInfoCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "The tree file.") Path file;

    @Override
    public Integer call() throws Exception {
        ContextTree tree = ContextTree.read(file);
        int P = tree.phones().size(), K = tree.statesPerPhone();
        System.out.printf(Locale.ROOT, "tree: %s%nphones: %d (+ boundary %s), %d states each, %d phone-states%nquestions: %d%ntied states: %d%n",
                file, P, carousel.speech.tree.Triphone.BOUNDARY, K, P * K, tree.questions().size(), tree.numStates());
        int[] perCi = new int[P * K];
        for (int s = 0; s < tree.numStates(); s++) perCi[tree.ciState(s)]++;
        int leaves = 0, deepest = 0;
        StringBuilder sb = new StringBuilder("per phone: tied states of states 0..").append(K - 1).append(" (leaves, depth)\n");
        for (int p = 0; p < P; p++) {
            sb.append(String.format(Locale.ROOT, "  %-4s", tree.phones().symbol(p)));
            for (int k = 0; k < K; k++) {
                int[] shape = tree.shape(p, k);
                leaves += shape[0];
                deepest = Math.max(deepest, shape[1]);
                sb.append(String.format(Locale.ROOT, " %3d (%d, %d)", perCi[p * K + k], shape[0], shape[1]));
            }
            sb.append('\n');
        }
        System.out.printf(Locale.ROOT, "tree leaves: %d (merged into %d tied states); deepest tree: %d questions%n", leaves, tree.numStates(), deepest);
        System.out.print(sb);
        return 0;
    }
}
