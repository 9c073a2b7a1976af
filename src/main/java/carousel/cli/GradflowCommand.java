package carousel.cli;

import carousel.io.Npy;
import carousel.io.NpyArray;
import carousel.lag.GradientFlow;
import carousel.model.ModelConfig;
import carousel.model.ModelFiles;
import carousel.model.SequenceModel;
import carousel.tensor.Activation;
import carousel.tensor.DType;
import carousel.tensor.Rng;
import carousel.tensor.Tensor;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code carousel gradflow}: vanishing and exploding error flow, measured and plotted. */
@Command(name = "gradflow", mixinStandardHelpOptions = true,
        description = {"Measures the norm of the error signal that reaches the recurrent state q steps back, ||dE(T)/dh(T-q)||, for q = 1..Q,",
                "and writes a CSV and a log-scale PNG plot. Without --model: a sweep of simple tanh RNNs whose recurrent matrix is",
                "scale x an orthogonal matrix (vanishing below 1, exploding above), beside LSTMs (the 1997 cell without forget gate,",
                "whose constant error carousel carries the error unchanged, and one with a forget gate). With --model: that model.",
                "Example: carousel gradflow --lags 100 --out gradflow"})
public final class GradflowCommand implements Callable<Integer> {
    @Option(names = "--lags", defaultValue = "60", description = "Largest lag Q (default ${DEFAULT-VALUE}).")
    int lags;

    @Option(names = "--scales", split = ",", defaultValue = "0.5,0.9,1.0,1.1,1.5", description = "Recurrent weight scales of the RNN sweep (default ${DEFAULT-VALUE}).")
    List<Double> scales;

    @Option(names = "--hidden", defaultValue = "32", description = "Units of the sweep's RNNs and LSTMs (default ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--nonlinearity", defaultValue = "tanh", description = "RNN nonlinearity of the sweep: tanh, sigmoid or relu (default ${DEFAULT-VALUE}).")
    String nonlinearity;

    @Option(names = "--input-scale", defaultValue = "0.1", description = "Inputs are uniform in [-s, s] (default ${DEFAULT-VALUE}).")
    double inputScale;

    @Option(names = "--model", description = "Measure this model directory instead of the sweep.")
    Path model;

    @Option(names = "--input", description = "With --model: a (T, 1, input_size) .npy sequence (default: random inputs).")
    Path input;

    @Option(names = "--out", defaultValue = "gradflow", description = "Output prefix: writes PREFIX.csv and PREFIX.png (default ${DEFAULT-VALUE}).")
    String out;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws IOException {
        if (lags < 1) throw new IllegalArgumentException("--lags must be at least 1");
        Rng rng = new Rng(seed);
        List<GradientFlow.Curve> curves = new ArrayList<>();
        if (model != null) {
            SequenceModel m = ModelFiles.load(model, DType.F64);
            Tensor x;
            if (input != null) {
                NpyArray a = Npy.readFloat(input);
                if (a.rank() != 3 || a.dim(1) != 1 || a.dim(2) != m.config().inputSize())
                    throw new IllegalArgumentException(input + ": must be (T, 1, " + m.config().inputSize() + "), got " + java.util.Arrays.toString(a.shape()));
                x = Tensor.wrap(a.data(), a.shape()).to(DType.F64);
            } else x = randomInput(rng, lags + 1, m.config().inputSize());
            if (x.dim(0) <= lags) throw new IllegalArgumentException("the sequence must be longer than --lags (" + lags + "), got " + x.dim(0) + " steps");
            curves.add(GradientFlow.measure(model.getFileName().toString(), m, x, lags));
        } else {
            int I = 4;
            Tensor x = randomInput(rng, lags + 1, I);
            for (double s : scales) {
                SequenceModel m = GradientFlow.rnnWithRecurrentScale(I, hidden, carousel.tensor.Activation.parse(nonlinearity), s, new Rng(seed + 1));
                curves.add(GradientFlow.measure(String.format(Locale.ROOT, "RNN %s, scale %.2f", nonlinearity, s), m, x, lags));
            }
            SequenceModel cec = new SequenceModel(ModelConfig.lstm(I, hidden, 1, 0, false, 1).withLstmOptions(false, false,
                    Activation.SIGMOID, Activation.TANH, Activation.TANH, 0f, 0), DType.F64);
            cec.initialize(new Rng(seed + 2), 1 / Math.sqrt(hidden), new double[]{0, 0, 0});
            curves.add(GradientFlow.measure("LSTM 1997 cell, full BPTT", cec, x, lags));
            SequenceModel fg = new SequenceModel(ModelConfig.lstm(I, hidden, 1, 0, false, 1), DType.F64);
            fg.initialize(new Rng(seed + 2), 1 / Math.sqrt(hidden), new double[]{0, 1, 0, 0});
            curves.add(GradientFlow.measure("LSTM forget gate bias +1, full BPTT", fg, x, lags));
            carousel.online.Lstm1997Config c97 = carousel.online.Lstm1997Config.paper(I, 1, 4, 2, 0.1);
            curves.add(GradientFlow.measure1997("LSTM 1997, its truncated gradient (CEC only)", new carousel.online.Lstm1997(c97, new Rng(seed + 3)), x, lags));
            curves.add(GradientFlow.measure1997("LSTM + forget gate (Gers 2000), truncated",
                    new carousel.online.Lstm1997(c97.withForgetGate(true).withGateBiases(null, null, new double[]{2}), new Rng(seed + 3)), x, lags));
        }
        print(curves);
        writeCsv(Path.of(out + ".csv"), curves);
        writePng(Path.of(out + ".png"), curves);
        System.out.println("wrote " + out + ".csv and " + out + ".png");
        return 0;
    }

    private Tensor randomInput(Rng rng, int T, int I) {
        Tensor x = Tensor.f64(T, 1, I);
        rng.fillUniform(x, inputScale);
        return x;
    }

    private void print(List<GradientFlow.Curve> curves) {
        int[] show = {1, 10, 30, lags};
        StringBuilder head = new StringBuilder(String.format("%-40s %10s", "model", "step |f'w|"));
        for (int q : show) if (q <= lags) head.append(String.format(" %11s", "q=" + q));
        System.out.println(head);
        for (GradientFlow.Curve c : curves) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-40s %10s", c.name(), Double.isNaN(c.meanStepFactor()) ? "-" : String.format(Locale.ROOT, "%.3f", c.meanStepFactor())));
            for (int q : show) if (q <= lags) row.append(String.format(Locale.ROOT, " %11.3e", total(c, q - 1)));
            System.out.println(row);
        }
    }

    private static double total(GradientFlow.Curve c, int i) {
        double h = c.hNorm()[i], cc = c.cNorm()[i];
        return Double.isNaN(cc) ? h : Math.sqrt(h * h + cc * cc);
    }

    private static void writeCsv(Path p, List<GradientFlow.Curve> curves) throws IOException {
        StringBuilder sb = new StringBuilder("model,step_factor,lag,grad_h_norm,grad_c_norm,grad_state_norm\n");
        for (GradientFlow.Curve c : curves)
            for (int i = 0; i < c.hNorm().length; i++)
                sb.append(String.format(Locale.ROOT, "\"%s\",%s,%d,%.6e,%s,%.6e%n", c.name(), Double.isNaN(c.meanStepFactor()) ? "" : String.format(Locale.ROOT, "%.4f", c.meanStepFactor()),
                        i + 1, c.hNorm()[i], Double.isNaN(c.cNorm()[i]) ? "" : String.format(Locale.ROOT, "%.6e", c.cNorm()[i]), total(c, i)));
        if (p.getParent() != null) Files.createDirectories(p.getParent());
        Files.writeString(p, sb);
    }

    private static void writePng(Path p, List<GradientFlow.Curve> curves) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(900).height(560).title("Error flow back in time")
                .xAxisTitle("lag q (steps back from the error)").yAxisTitle("||dE/d state(T-q)||").build();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
        for (GradientFlow.Curve c : curves) {
            int n = c.hNorm().length;
            List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                double v = total(c, i);
                if (v > 0 && Double.isFinite(v)) { xs.add((double) (i + 1)); ys.add(v); }
            }
            if (xs.isEmpty()) continue;
            String label = Double.isNaN(c.meanStepFactor()) ? c.name() : String.format(Locale.ROOT, "%s (step factor %.2f)", c.name(), c.meanStepFactor());
            chart.addSeries(label, xs, ys).setMarker(SeriesMarkers.NONE);
        }
        String file = p.toString();
        BitmapEncoder.saveBitmap(chart, file.endsWith(".png") ? file.substring(0, file.length() - 4) : file, BitmapEncoder.BitmapFormat.PNG);
    }
}
