package carousel.lag;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The outcome of a {@link LagExperiment}: every trial, and a table of our row beside the paper's
 * rows for the same task and parameters ({@link PaperResults}).
 */
public record Report(LagExperiment.Config config, String learner, long weights, List<LagExperiment.Trial> trials, double wallSeconds) {
    public int solvedCount() { return (int) trials.stream().filter(LagExperiment.Trial::solved).count(); }

    public double successPercent() { return 100.0 * solvedCount() / trials.size(); }

    /** Training sequences (symbols) until success of the solved trials, ascending. */
    public long[] solvedSequences() {
        return trials.stream().filter(LagExperiment.Trial::solved).mapToLong(LagExperiment.Trial::sequences).sorted().toArray();
    }

    /** The median of the solved trials' sequences until success, or −1 when none was solved. */
    public long medianSequences() {
        long[] s = solvedSequences();
        if (s.length == 0) return -1;
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** The median over trials of the final test's wrong count (−1 when no trial was tested). */
    public int medianTestWrong() {
        int[] w = trials.stream().mapToInt(LagExperiment.Trial::testWrong).filter(x -> x >= 0).sorted().toArray();
        return w.length == 0 ? -1 : w[(w.length - 1) / 2];
    }

    public String table() {
        LagTask task = config.task();
        String unit = config.unit();
        StringBuilder sb = new StringBuilder();
        sb.append("task    ").append(task.title()).append('\n');
        sb.append("rule    ").append(task.stopping().rule()).append('\n');
        sb.append("method  ").append(config.method()).append(", ").append(config.preset().kind().label()).append(" preset: ").append(learner).append('\n');
        sb.append(String.format(Locale.ROOT, "budget  %,d %s per trial, seed %d; paper: %s%n", config.budget(), unit, config.seed(), task.paper().describe()));

        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"source", "method", "weights", "trials", "success", unit + " until success", "final test", "wall"});
        long[] s = solvedSequences();
        String until = s.length == 0
                ? String.format(Locale.ROOT, "none within %,d", config.budget())
                : String.format(Locale.ROOT, "median %,d (%,d-%,d), mean %,d", medianSequences(), s[0], s[s.length - 1],
                (long) Arrays.stream(s).average().orElse(0));
        int testSize = trials.stream().mapToInt(LagExperiment.Trial::testSize).max().orElse(0);
        int mw = medianTestWrong();
        String test = mw < 0 ? "-" : task instanceof ContinualTask
                ? String.format(Locale.ROOT, "median %d/%d streams erred", mw, testSize)
                : String.format(Locale.ROOT, "median %d/%d wrong", mw, testSize);
        double perTrial = trials.stream().mapToDouble(LagExperiment.Trial::seconds).average().orElse(0);
        rows.add(new String[]{"Carousel", config.method() + ", " + config.preset().kind().label(), String.format(Locale.ROOT, "%,d", weights),
                String.valueOf(trials.size()), String.format(Locale.ROOT, "%.0f%%", successPercent()), until, test,
                String.format(Locale.ROOT, "%.1f s (%.1f s/trial)", wallSeconds, perTrial)});
        for (PaperResults.Row r : PaperResults.forTask(task.name(), task.paramKey()))
            rows.add(new String[]{r.source(), r.method(), r.weights(), r.trials(),
                    r.success().matches("[0-9]+") ? r.success() + "%" : r.success(),
                    r.sequences().matches("[0-9,]+") ? "mean " + r.sequences() : r.sequences(), r.test(), ""});
        sb.append('\n').append(format(rows));
        if (PaperResults.forTask(task.name(), task.paramKey()).isEmpty() && !PaperResults.forTask(task.name()).isEmpty())
            sb.append("(the paper has no row for ").append(task.paramKey()).append("; `carousel lag-tasks list` shows its rows)\n");
        return sb.toString();
    }

    /** Left-aligned columns, two spaces apart, a rule under the header. */
    static String format(List<String[]> rows) {
        int cols = rows.get(0).length;
        int[] w = new int[cols];
        for (String[] r : rows) for (int c = 0; c < cols; c++) w[c] = Math.max(w[c], r[c].length());
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < rows.size(); i++) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < cols; c++) {
                line.append(rows.get(i)[c]);
                if (c < cols - 1) line.append(" ".repeat(w[c] - rows.get(i)[c].length() + 2));
            }
            sb.append(line.toString().stripTrailing()).append('\n');
            if (i == 0) {
                int total = Arrays.stream(w).sum() + 2 * (cols - 1);
                sb.append("-".repeat(total)).append('\n');
            }
        }
        return sb.toString();
    }
}
