package carousel.cli;

import carousel.io.FormatException;
import carousel.io.Json;
import carousel.model.ModelConfig;
import carousel.model.ModelFiles;
import carousel.train.History;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code carousel results}: a table and accuracy-against-time plots of several {@code train-am} runs, for a
 * results page: per run its model, parameters, epochs, training time, best development frame accuracy (from
 * history.json), the augmentation it trained with (settings.json), and where {@code RUN/decode} holds a
 * {@code decode} output, TEST PER, frame accuracy and decoding real-time factor (score.txt), WER
 * (words/score.txt) and the acoustic scales {@code decode --tune} chose (tuning.txt).
 */
@Command(name = "results", mixinStandardHelpOptions = true,
        description = {"Compares train-am runs: writes OUT/table.md (model, parameters, epochs, training time, best dev frame accuracy,",
                "augmentation; TEST PER, frame accuracy, RTF, WER and acoustic scales where RUN/decode holds decode's score.txt, words/score.txt",
                "and tuning.txt)",
                "and OUT/accuracy-vs-time.png, OUT/accuracy-vs-epoch.png (dev frame accuracy, one curve per run).",
                "Example: carousel results --out runs/sak2014/results/budget1 --title '0.5 M parameters' runs/sak2014/exp/b1-*"})
public final class ResultsCommand implements java.util.concurrent.Callable<Integer> {
    @Option(names = "--out", required = true, description = "Directory for table.md and the plots.") Path out;
    @Option(names = "--title", defaultValue = "train-am runs", description = "Title of the plots (default ${DEFAULT-VALUE}).") String title;
    @Parameters(arity = "1..*", paramLabel = "RUN", description = "train-am run directories (their names label rows and curves).") List<Path> runs;

    private static final Pattern PER = Pattern.compile("PER ([0-9.]+)% on \\d+ utterances \\(39 phones\\)(?: \\([^;]*\\))?; frame accuracy ([0-9.]+)% \\(39 phones\\); decoding real-time factor ([0-9.]+)");
    private static final Pattern WER = Pattern.compile("WER ([0-9.]+)%");
    private static final Pattern CHOSEN = Pattern.compile("chosen for the (phones|words): acoustic scale ([0-9.]+)");

    @Override
    public Integer call() throws Exception {
        Map<String, List<History.Epoch>> curves = new LinkedHashMap<>();
        StringBuilder t = new StringBuilder("| run | model | parameters | epochs | training s | best dev frame acc. | augmentation | TEST PER | TEST frame acc. (39) | WER | decode RTF | acoustic scale (phones, words) |\n");
        t.append("|---|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---|\n");
        for (Path run : runs) {
            String name = run.getFileName().toString();
            Path hist = run.resolve("history.json");
            if (!Files.isRegularFile(hist)) throw new NoSuchFileException(hist.toString(), null, "not a train-am run directory (no history.json)");
            List<History.Epoch> h = History.read(hist, History.Names.ACOUSTIC);
            curves.put(name, h);
            ModelConfig cfg = ModelFiles.readConfig(run.resolve("model"));
            History.Epoch best = History.best(h);
            double secs = h.stream().mapToDouble(History.Epoch::seconds).sum();
            String[] dec = decoded(run.resolve("decode"));
            t.append(String.format(Locale.ROOT, "| %s | %s | %,d | %d | %.0f | %s | %s | %s | %s | %s | %s | %s |%n", name, describe(cfg), cfg.parameterCount(), h.size(), secs,
                    best == null ? "–" : String.format(Locale.ROOT, "%.2f %% (epoch %d)", 100 * best.devAccuracy(), best.epoch()), augmentation(run), dec[0], dec[1], dec[2], dec[3], tuned(run.resolve("decode"))));
        }
        Files.createDirectories(out);
        Files.writeString(out.resolve("table.md"), t.toString());
        History.plotAccuracy(out.resolve("accuracy-vs-time.png"), title, "dev frame accuracy (%)", curves, true);
        History.plotAccuracy(out.resolve("accuracy-vs-epoch.png"), title, "dev frame accuracy (%)", curves, false);
        System.out.print(t);
        System.out.println("wrote " + out.resolve("table.md") + ", accuracy-vs-time.png, accuracy-vs-epoch.png");
        return 0;
    }

    /** The model in a few words, as Sak et al.'s tables name them. */
    static String describe(ModelConfig c) {
        String layers = c.numLayers() + "×" + c.hiddenSize();
        return switch (c.cell()) {
            case LSTM -> (c.bidirectional() ? "BLSTM " : c.projSize() > 0 ? "LSTMP " : "LSTM ") + layers + (c.projSize() > 0 ? " p" + c.projSize() : "")
                    + (c.nonRecurrentProjSize() > 0 ? " n" + c.nonRecurrentProjSize() : "");
            case RNN -> "RNN " + layers;
            case DNN -> "DNN " + layers;
        };
    }

    /** The augmentation options in the run's settings.json, or "none". */
    static String augmentation(Path run) throws IOException {
        Path f = run.resolve("settings.json");
        if (!Files.isRegularFile(f)) return "?";
        Map<String, Object> m = Json.readObject(f);
        String a = m.entrySet().stream().filter(e -> List.of("--speed-perturb", "--reverb-rt60", "--noise-snr", "--spec-augment").contains(e.getKey()))
                .map(e -> e.getKey().substring(2) + " " + e.getValue()).collect(Collectors.joining("; "));
        return a.isEmpty() ? "none" : a;
    }

    /**
     * The acoustic scales {@code decode --tune} chose on the held-out speakers (its tuning.txt): "0.5, 0.05"
     * (phones, words), "0.3, –" without words; "fixed" where the decoding was not tuned (no tuning.txt), "–" where not decoded.
     */
    static String tuned(Path dir) throws IOException {
        Path f = dir.resolve("tuning.txt");
        if (!Files.isRegularFile(f)) return Files.isRegularFile(dir.resolve("score.txt")) ? "fixed" : "–";
        Matcher m = CHOSEN.matcher(Files.readString(f));
        String phones = "–", words = "–";
        while (m.find()) {
            if (m.group(1).equals("phones")) phones = m.group(2);
            else words = m.group(2);
        }
        if (phones.equals("–")) throw new FormatException(f.toString(), "has no line 'chosen for the phones: acoustic scale …'");
        return phones + ", " + words;
    }

    /** {PER, frame accuracy, WER, RTF} from decode's score files, "–" where missing. */
    static String[] decoded(Path dir) throws IOException {
        String[] r = {"–", "–", "–", "–"};
        Path s = dir.resolve("score.txt"), w = dir.resolve("words").resolve("score.txt");
        if (Files.isRegularFile(s)) {
            Matcher m = PER.matcher(Files.readString(s));
            if (!m.find()) throw new FormatException(s.toString(), "has no line 'PER …% on N utterances (39 phones); frame accuracy …; decoding real-time factor …'");
            r[0] = m.group(1) + " %";
            r[1] = m.group(2) + " %";
            r[3] = m.group(3);
        }
        if (Files.isRegularFile(w)) {
            Matcher m = WER.matcher(Files.readString(w));
            if (!m.find()) throw new FormatException(w.toString(), "has no 'WER …%' line");
            r[2] = m.group(1) + " %";
        }
        return r;
    }
}
