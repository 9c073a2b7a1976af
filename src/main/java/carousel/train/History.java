package carousel.train;

import carousel.io.FormatException;
import carousel.io.Json;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of a run's finished epochs and the three files made from them, all written here and
 * only here: {@code history.json} (a list of epochs, replaced atomically), {@code training-curve.png}
 * (XChart) and {@code report.md} (a caller-given header, then one table row per epoch). What the
 * losses are called in the files and on the console comes from {@link Names}: cross-entropy and frames
 * for acoustic models, perplexity and phones for phone models.
 */
public final class History {
    /**
     * How a run names its figures. {@code key} prefixes the JSON fields ({@code train_KEY},
     * {@code dev_KEY}); {@code accuracyKey} is the JSON field of the development accuracy (null: the
     * run has none); {@code items} counts what an epoch trains on (JSON field and rate unit);
     * {@code decimals} of the losses on the console; {@code ofEpochs}: the console says "epoch 3/10"
     * rather than "epoch 3".
     */
    public record Names(String key, String trainLabel, String devLabel, String accuracyKey, String accuracyLabel, String items, String title,
                        int decimals, boolean ofEpochs) {
        /** Frame-level acoustic models: cross-entropy, frame accuracy, frames. */
        public static final Names ACOUSTIC = new Names("ce", "train CE", "dev CE", "dev_frame_accuracy", "dev frame accuracy", "frames",
                "Acoustic model training", 4, true);
        /** Phone language models: perplexity per phone, no accuracy, phones (tokens). */
        public static final Names PHONE_MODEL = new Names("perplexity", "train perplexity", "held-out perplexity", null, null, "tokens",
                "Phone model training", 3, false);

        /** The same names with another label for the accuracy (e.g. naming the classes it counts). */
        public Names withAccuracyLabel(String label) {
            return new Names(key, trainLabel, devLabel, accuracyKey, label, items, title, decimals, ofEpochs);
        }
    }

    /**
     * One finished epoch: mean training loss, development loss (lower is better; it picks the best
     * model), development accuracy (NaN: none), the learning rate the epoch trained with, wall seconds
     * and the items (frames, tokens) it trained on.
     */
    public record Epoch(int epoch, double trainLoss, double devLoss, double devAccuracy, double learningRate, double seconds, long items) {}

    private History() {}

    /** Writes the epochs as a JSON list, replacing the file atomically (temporary file and rename in the same directory). */
    public static void write(Path file, List<Epoch> history, Names names) throws IOException {
        List<Object> rows = new ArrayList<>();
        for (Epoch e : history) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("epoch", (long) e.epoch());
            m.put("train_" + names.key(), e.trainLoss());
            m.put("dev_" + names.key(), e.devLoss());
            if (names.accuracyKey() != null) m.put(names.accuracyKey(), Double.isNaN(e.devAccuracy()) ? null : e.devAccuracy());
            m.put("learning_rate", e.learningRate());
            m.put("seconds", e.seconds());
            m.put(names.items(), e.items());
            rows.add(m);
        }
        Path tmp = Files.createTempFile(file.getParent(), "history", ".part");
        Json.write(tmp, rows);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The epochs of a file written by {@link #write}; empty when the file does not exist. */
    public static List<Epoch> read(Path file, Names names) throws IOException {
        List<Epoch> l = new ArrayList<>();
        if (!Files.exists(file)) return l;
        String s = file.toString();
        if (!(Json.read(file) instanceof List<?> rows)) throw new FormatException(s, "must hold a list of epochs");
        for (Object r : rows) {
            if (!(r instanceof Map<?, ?> raw)) throw new FormatException(s, "every epoch must be an object");
            @SuppressWarnings("unchecked") Map<String, Object> m = (Map<String, Object>) raw;
            Object acc = names.accuracyKey() == null ? null : m.get(names.accuracyKey());
            l.add(new Epoch(Json.getInt(m, "epoch", s), Json.getDouble(m, "train_" + names.key(), s), Json.getDouble(m, "dev_" + names.key(), s),
                    acc instanceof Number n ? n.doubleValue() : Double.NaN, Json.getDouble(m, "learning_rate", s), Json.getDouble(m, "seconds", s),
                    Json.getLong(m, names.items(), s)));
        }
        return l;
    }

    /** The epoch with the lowest development loss (the first of equals), or null for an empty history. */
    public static Epoch best(List<Epoch> history) {
        Epoch best = null;
        for (Epoch e : history) if (best == null || e.devLoss() < best.devLoss()) best = e;
        return best;
    }

    /** Plots training and development loss (and development accuracy when there is one) per epoch into a PNG. */
    public static void plot(Path png, List<Epoch> history, Names names) throws IOException {
        if (history.isEmpty()) return;
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(800).height(480).title(names.title()).xAxisTitle("epoch")
                .yAxisTitle(names.accuracyKey() == null ? names.key() : names.key() + " / accuracy").build();
        List<Double> x = new ArrayList<>(), tr = new ArrayList<>(), dv = new ArrayList<>(), acc = new ArrayList<>();
        for (Epoch e : history) {
            x.add((double) e.epoch());
            tr.add(e.trainLoss());
            dv.add(e.devLoss());
            acc.add(Double.isNaN(e.devAccuracy()) ? 0 : e.devAccuracy());
        }
        chart.addSeries(names.trainLabel(), x, tr);
        chart.addSeries(names.devLabel(), x, dv);
        if (names.accuracyKey() != null) chart.addSeries(names.accuracyLabel(), x, acc);
        save(chart, png);
    }

    /**
     * Development accuracy of several runs in one PNG, one curve per run (name → epochs), against cumulative
     * training seconds ({@code bySeconds}) or epochs: the figures of Sak et al. (2014), accuracy against
     * training time. Runs without epochs are left out.
     */
    public static void plotAccuracy(Path png, String title, String accuracyLabel, Map<String, List<Epoch>> runs, boolean bySeconds) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(900).height(540).title(title).xAxisTitle(bySeconds ? "training time (s)" : "epoch")
                .yAxisTitle(accuracyLabel).build();
        for (Map.Entry<String, List<Epoch>> r : runs.entrySet()) {
            if (r.getValue().isEmpty()) continue;
            List<Double> x = new ArrayList<>(), y = new ArrayList<>();
            double t = 0;
            for (Epoch e : r.getValue()) {
                t += e.seconds();
                x.add(bySeconds ? t : e.epoch());
                y.add(Double.isNaN(e.devAccuracy()) ? 0 : 100 * e.devAccuracy());
            }
            chart.addSeries(r.getKey(), x, y);
        }
        save(chart, png);
    }

    /** Writes the chart to png atomically (a temporary file and a rename). */
    private static void save(XYChart chart, Path png) throws IOException {
        String stem = png.toString().replaceFirst("\\.png$", "") + ".part";   // XChart appends .png
        BitmapEncoder.saveBitmap(chart, stem, BitmapEncoder.BitmapFormat.PNG);
        Files.move(Path.of(stem + ".png"), png, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Writes report.md: the header (Markdown, from the task), the curve, one row per epoch and the best epoch. */
    public static void report(Path file, String header, List<Epoch> history, Names names, String bestModelDir) throws IOException {
        StringBuilder sb = new StringBuilder(header);
        boolean acc = names.accuracyKey() != null;
        sb.append("![training curve](training-curve.png)\n\n| epoch | ").append(names.trainLabel()).append(" | ").append(names.devLabel())
                .append(acc ? " | " + names.accuracyLabel() : "").append(" | learning rate | seconds | ").append(names.items()).append("/s |\n|---|---|---|")
                .append(acc ? "---|" : "").append("---|---|---|\n");
        for (Epoch e : history) {
            sb.append(String.format(Locale.ROOT, "| %d | %.4f | %.4f |", e.epoch(), e.trainLoss(), e.devLoss()));
            if (acc) sb.append(String.format(Locale.ROOT, " %.2f%% |", 100 * e.devAccuracy()));
            sb.append(String.format(Locale.ROOT, " %.2e | %.1f | %,.0f |%n", e.learningRate(), e.seconds(), e.items() / e.seconds()));
        }
        Epoch best = best(history);
        if (best != null)
            sb.append(String.format(Locale.ROOT, "%nBest %s %.4f at epoch %d; that model is in `%s/`.%n", names.devLabel(), best.devLoss(), best.epoch(), bestModelDir));
        Path tmp = Files.createTempFile(file.getParent(), "report", ".part");
        Files.writeString(tmp, sb.toString());
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
