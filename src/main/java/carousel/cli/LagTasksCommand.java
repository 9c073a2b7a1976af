package carousel.cli;

import java.util.List;

import carousel.lag.LagExperiment;
import carousel.lag.LagTask;
import carousel.lag.LagTasks;
import carousel.lag.Learners;
import carousel.lag.PaperResults;
import carousel.lag.Preset;
import carousel.lag.Report;
import carousel.tensor.Backend;
import carousel.train.RunDirectory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code carousel lag-tasks}: the long-time-lag experiments of Hochreiter &amp; Schmidhuber, "Long
 * Short-Term Memory" (Neural Computation 9(8), 1997) and the continual Reber grammar of Gers,
 * Schmidhuber &amp; Cummins (2000): {@code run} trains N trials and prints our results beside the
 * paper's; {@code list} shows the tasks, their parameters and the paper's rows.
 */
@Command(name = "lag-tasks", mixinStandardHelpOptions = true,
        description = {"The long-time-lag experiments of Hochreiter & Schmidhuber 1997 (Exp. 1-6) and Gers et al. 2000 (continual Reber grammar).",
                "Example: carousel lag-tasks run --task adding --seq-length 100 --trials 10 --method lstm --preset modern --budget 1000000 --seed 1"},
        subcommands = {LagTasksCommand.Run.class, LagTasksCommand.ListTasks.class, CommandLine.HelpCommand.class})
public final class LagTasksCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() { spec.commandLine().usage(System.out); }

    /** {@code carousel lag-tasks run}. */
    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Runs independent trials of a task until the paper's success criterion or the budget, several trials at once,",
                    "and prints %% successful trials, training sequences until success, final test error and wall time beside the paper's rows.",
                    "Example: carousel lag-tasks run --task adding --seq-length 100 --trials 10 --method lstm --preset modern --budget 1000000 --seed 1"})
    static final class Run implements Callable<Integer> {
        @Option(names = "--task", required = true, description = "Task: ${COMPLETION-CANDIDATES}.", completionCandidates = TaskNames.class)
        String task;

        @Option(names = "--seq-length", description = "T of Exp. 3-5 (lengths in [T, T+T/10]); scale L of Exp. 6 (default 100).")
        Integer seqLength;
        @Option(names = "--p", description = "Exp. 2: the lag p (2a, 2b) or the number of distractors (2c) (default 100).")
        Integer p;
        @Option(names = "--q", description = "Exp. 2c: minimal lag minus one (default 100).")
        Integer q;
        @Option(names = "--n", description = "Exp. 3: information elements N at the start (default 3).")
        Integer n;
        @Option(names = "--nseq", description = "Exp. 5: stop when fewer than n_seq of the last 2000 training sequences are wrong (default 140).")
        Integer nSeq;
        @Option(names = "--test-streams", description = "continual-reber: test streams (default 10).")
        Integer testStreams;
        @Option(names = "--stream-symbols", description = "continual-reber: symbols each test stream must be predicted without error (default 1000000).")
        Long streamSymbols;
        @Option(names = "--data-seed", description = "reber: seed of the fixed 256 training and 256 test strings (default 1).")
        Long dataSeed;

        @Option(names = "--reber-targets", description = "reber: how the targets code the next symbol: next (one-hot, the symbol that follows; default) or successors (every symbol the grammar allows next; lstm1997 and rtrl only).")
        String reberTargets;
        @Option(names = "--adding-error", description = "adding: the error the stopping rule's average < 0.01 reads: squared (default) or absolute.")
        String addingError;

        @Option(names = "--method", defaultValue = "lstm", description = "Learning method (default ${DEFAULT-VALUE}); see `lag-tasks list`.")
        String method;
        @Option(names = "--preset", description = "modern (BPTT, Adam, batch 16, clip 1) or paper (the paper's lr and init, batch 1, SGD); default modern for lstm and rnn, paper for lstm1997 and rtrl (which have only the paper's setting).")
        String preset;
        @Option(names = "--hidden", description = "Hidden units, overriding the preset.")
        Integer hidden;
        @Option(names = "--batch", description = "Sequences (parallel streams) per update, overriding the preset.")
        Integer batch;
        @Option(names = "--lr", description = "Learning rate, overriding the preset.")
        Double lr;
        @Option(names = "--update", description = "lstm1997 and rtrl: when the weights change: step (after every step with an error, the default) or sequence (the steps' contributions summed, applied at the sequence end).")
        String update;
        @Option(names = "--forget-bias", description = "Initial forget-gate bias of the modern preset's LSTM (default +2; long lags want more, e.g. 5).")
        Double forgetBias;

        @Option(names = "--trials", defaultValue = "10", description = "Independent trials (default ${DEFAULT-VALUE}).")
        int trials;
        @Option(names = "--budget", defaultValue = "1000000", description = "Training sequences per trial (symbols for continual-reber) (default ${DEFAULT-VALUE}).")
        long budget;
        @Option(names = "--seed", defaultValue = "1", description = "Random seed; trial i derives its own seeds from it (default ${DEFAULT-VALUE}).")
        long seed;
        @Option(names = "--eval-every", description = "Training sequences (symbols) between test-set checks (default 1000; 20000 symbols for continual-reber).")
        Long evalEvery;
        @Option(names = "--threads", description = "Trials run at once (default: the number of cores).")
        Integer threads;
        @Option(names = "--heartbeat", defaultValue = "30", description = "Seconds between progress lines when the output is not a terminal (0: only the last; a terminal shows a live bar; default ${DEFAULT-VALUE}).")
        double heartbeat;
        @Option(names = "--chunk", defaultValue = "50", description = "continual-reber: symbols per training chunk (truncation length) (default ${DEFAULT-VALUE}).")
        int chunk;
        @Option(names = "--markdown", description = "Also append the result table, with the command that made it, to this Markdown file.")
        java.nio.file.Path markdown;
        @Option(names = "--run-dir", description = "Directory that makes the run resumable: one run at a time, each trial checkpointed and its result recorded; "
                + "started again, ended trials are skipped and the others resume from their last checkpoint (a finished run prints its table). Not for continual-reber.")
        java.nio.file.Path runDir;
        @Option(names = "--checkpoint-every", defaultValue = "10000", description = "With --run-dir: training sequences between a trial's checkpoints (default ${DEFAULT-VALUE}).")
        long checkpointEvery;
        @Option(names = "--override", description = "Go on with a --run-dir started with other settings (unfinished trials continue with the new ones; ended trials keep their results).")
        boolean override;
        @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws java.io.IOException {
            LagTask t = LagTasks.create(task, new LagTasks.Options(seqLength, p, q, n, nSeq, testStreams, streamSymbols, dataSeed,
                    reberTargets == null ? null : carousel.lag.EmbeddedReber.Targets.of(reberTargets),
                    addingError == null ? null : carousel.lag.AddingProblem.ErrorReading.of(addingError)));
            boolean online = Learners.online(method);
            if (!online && reberTargets != null && carousel.lag.EmbeddedReber.Targets.of(reberTargets) == carousel.lag.EmbeddedReber.Targets.SUCCESSORS)
                throw new IllegalArgumentException("--reber-targets successors is for the online methods lstm1997 and rtrl (lstm and rnn learn one-hot class targets)");
            String presetName = preset != null ? preset : online ? "paper" : "modern";
            Preset pr = Preset.of(presetName, t);
            if (online && pr.kind() != Preset.Kind.PAPER)
                throw new IllegalArgumentException("--method " + method + " learns online with the paper's setting (its learning rate, initialisation and architecture); --preset modern is for lstm and rnn");
            if (online && (hidden != null || batch != null))
                throw new IllegalArgumentException("--method " + method + " uses the paper's architecture and learns one sequence at a time: --hidden and --batch are for lstm and rnn");
            if (hidden != null) pr = pr.withHidden(hidden);
            if (batch != null) pr = pr.withBatchSize(batch);
            if (lr != null) pr = pr.withLearningRate(lr);
            if (update != null) {
                if (!online) throw new IllegalArgumentException("--update is for the online methods lstm1997 and rtrl (lstm and rnn update once per batch)");
                pr = pr.withUpdate(Preset.Update.of(update));
            }
            if (forgetBias != null) {
                if (pr.kind() != Preset.Kind.MODERN || !method.equals("lstm"))
                    throw new IllegalArgumentException("--forget-bias applies to --method lstm with the modern preset (the paper preset and lstm1997 use the paper's gate biases)");
                pr = pr.withForgetBias(forgetBias);
            }
            int cores = Runtime.getRuntime().availableProcessors();
            int th = threads == null ? cores : threads;
            if (th < 1) throw new IllegalArgumentException("--threads must be at least 1, got " + th);
            // trials run side by side: one BLAS thread each, unless the user chose otherwise
            if (Math.min(th, trials) > 1) Backend.defaultThreads(1);
            long every = evalEvery == null ? LagExperiment.Config.defaultEvalEvery(t) : evalEvery;
            LagExperiment.Config config = new LagExperiment.Config(t, method, pr, trials, budget, seed, every, th, heartbeat, chunk);
            System.out.println(t.title());
            System.out.println("rule: " + t.stopping().rule());
            System.out.printf(Locale.ROOT, "%d trials of %s (%s), %d at a time, budget %,d %s each; %s%n", trials, method, pr.describe(),
                    Math.min(th, trials), budget, config.unit(), "BLAS " + Backend.blas().describe() + ", " + Backend.blas().threads() + " thread(s)");
            if (runDir != null) return resumable(t, config);
            Report report = new LagExperiment(config).run(System.out);
            System.out.println();
            System.out.print(report.table());
            if (markdown != null) appendMarkdown(t, report.table());
            return 0;
        }

        /** The run in a run directory: locked, its settings checked, trials checkpointed; a finished run prints its table and changes nothing. */
        private int resumable(LagTask t, LagExperiment.Config config) throws java.io.IOException {
            Map<String, String> settings = new java.util.LinkedHashMap<>();
            settings.put("--task", task);
            settings.put("task", t.title());
            settings.put("task options", String.format(Locale.ROOT, "seq-length %s, p %s, q %s, n %s, nseq %s, test-streams %s, stream-symbols %s, data-seed %s",
                    seqLength, p, q, n, nSeq, testStreams, streamSymbols, dataSeed)
                    + (reberTargets == null ? "" : ", reber-targets " + reberTargets) + (addingError == null ? "" : ", adding-error " + addingError));
            settings.put("--method", method);
            settings.put("--preset", config.preset().describe() + ", forget bias " + Preset.number(config.preset().forgetBias()));
            settings.put("--budget", Long.toString(budget));
            settings.put("--seed", Long.toString(seed));
            settings.put("--eval-every", Long.toString(config.evalEvery()));
            settings.put("--chunk", Integer.toString(chunk));
            java.nio.file.Path saved = runDir.resolve(REPORT);
            try (RunDirectory run = RunDirectory.open(runDir, settings, override, System.out)) {
                if (run.state() == RunDirectory.State.COMPLETED && run.stateEpoch() == trials && java.nio.file.Files.exists(saved)) {
                    String table = carousel.io.Json.getString(carousel.io.Json.readObject(saved), "table", saved.toString());
                    System.out.println(runDir + " holds a finished run (" + run.stateMessage() + "); nothing to do. Its table:");
                    System.out.println();
                    System.out.print(table);
                    if (markdown != null) appendMarkdown(t, table);
                    return 0;
                }
                Report report = new LagExperiment(config).checkpoints(runDir, checkpointEvery, System.out).run(System.out);
                String table = report.table();
                System.out.println();
                System.out.print(table);
                RunDirectory.writeJson(saved, Map.of("table", table));
                run.record(RunDirectory.State.COMPLETED, trials, String.format(Locale.ROOT, "%d trials, %d solved", trials, report.solvedCount()));
                if (markdown != null) appendMarkdown(t, table);
                return 0;
            }
        }

        /** The finished run's table, kept in the run directory. */
        static final String REPORT = "report.json";

        private void appendMarkdown(LagTask t, String table) {
            List<String> args = new java.util.ArrayList<>();
            for (String a : spec.commandLine().getParseResult().originalArgs()) if (!a.startsWith("--markdown")) args.add(a);
            args.removeIf(a -> a.equals(String.valueOf(markdown)));
            while (!args.isEmpty() && (args.get(0).equals("lag-tasks") || args.get(0).equals("run"))) args.remove(0);
            String text = "### " + t.title() + "\n\n" + "`carousel lag-tasks run " + String.join(" ", args) + "`\n\n```\n" + table + "```\n\n";
            try {
                if (markdown.getParent() != null) java.nio.file.Files.createDirectories(markdown.getParent());
                java.nio.file.Files.writeString(markdown, text, java.nio.charset.StandardCharsets.UTF_8,
                        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(markdown + ": cannot append the result: " + e.getMessage(), e);
            }
        }
    }

    /** {@code carousel lag-tasks list}. */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"Lists the tasks with their parameters, the paper's architecture and the paper's result rows; and the methods and presets.",
                    "Example: carousel lag-tasks list"})
    static final class ListTasks implements Callable<Integer> {
        @Override
        public Integer call() throws java.io.IOException {
            for (LagTasks.Spec s : LagTasks.all()) {
                LagTask t = s.factory().apply(LagTasks.Options.defaults());
                StringBuilder opts = new StringBuilder();
                for (Map.Entry<String, String> e : s.options().entrySet()) opts.append(' ').append(e.getKey()).append(' ').append(e.getValue());
                System.out.printf("%s — %s%n", s.name(), s.experiment());
                System.out.printf("  parameters (defaults):%s%n", opts);
                System.out.printf("  inputs %d, outputs %d; rule: %s%n", t.inputSize(), t.outputSize(), t.stopping().rule());
                System.out.printf("  paper: %s%n", t.paper().describe());
                for (PaperResults.Row r : PaperResults.forTask(s.name()))
                    System.out.println(String.format("    %-22s %-16s %-40s w %-9s trials %-4s success %-5s after %-11s %s", r.source(),
                            r.key().isEmpty() ? "" : r.key(), r.method(), r.weights(), r.trials(), r.success(), r.sequences(), r.test()).stripTrailing());
                System.out.println();
            }
            System.out.println("methods: " + String.join(", ", Learners.names()));
            System.out.println("presets: modern (full BPTT, Adam 3e-3, batch 16, clip 1.0, init 1/sqrt(H), forget bias 2, max(16, 4 x paper cells) hidden);");
            System.out.println("         paper (the paper's lr and init range, batch 1, plain SGD, hidden = the paper's cells, its gate biases, sigmoid outputs)");
            return 0;
        }
    }

    /** Task names for --help. */
    static final class TaskNames implements Iterable<String> {
        @Override public java.util.Iterator<String> iterator() { return LagTasks.names().iterator(); }
    }
}
