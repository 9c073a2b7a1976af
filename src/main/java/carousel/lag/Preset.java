package carousel.lag;

import java.util.Locale;

/**
 * Training settings for one (task, method), resolved to numbers.
 * <ul>
 *   <li>{@link Kind#MODERN}: full BPTT with Adam (learning rate 3·10⁻³), minibatches of 16
 *   sequences, gradient clipping at global norm 1.0, PyTorch's initialisation ±1/√H, forget-gate
 *   bias +2, softmax cross-entropy for class targets and mean squared error for value targets;
 *   max(16, 4 × the paper's cells) hidden units. These learned the adding problem at T = 50 in the
 *   shared demo (an initial range of ±0.1 learned poorly there).</li>
 *   <li>{@link Kind#PAPER}: the paper's on-line setting as far as BPTT allows: one sequence per
 *   update (the paper updated at every step), plain SGD with the paper's learning rate, no clipping,
 *   weights uniform in the paper's range, as many hidden units as the paper had memory cells, the
 *   paper's gate biases, and logistic output units trained on ½Σ(y − t)² summed over the targets
 *   (the gradient of the paper's E, so the learning rate means what it meant there).</li>
 * </ul>
 *
 * @param initRange weights uniform in ±initRange; 0 means ±1/√hidden
 * @param forgetBias initial forget-gate bias of the modern preset's LSTM (+2 by default; long lags
 *                   such as Exp. 2a at p = 100 want the gate closer to 1 at the start: with bias b the
 *                   untrained cell keeps about σ(b)^q of its content after q steps)
 * @param update     when the online methods ({@code lstm1997}, {@code rtrl}) change their weights
 *                   (the BPTT methods update once per batch whatever this says)
 */
public record Preset(Kind kind, int hidden, int batchSize, double learningRate, double clipNorm, double initRange, double forgetBias,
                     Update update) {
    /** The two presets. */
    public enum Kind {
        MODERN, PAPER;

        public String label() { return name().toLowerCase(Locale.ROOT); }
    }

    /**
     * When an online learner changes its weights. The 1997 paper says both: its experiments learn
     * "on-line" (Sec. 5), while Appendix A.1 has "each weight's total update is the sum of the
     * contributions of all time steps". {@link #STEP}: after every step that carries an error (the
     * default); {@link #SEQUENCE}: the same contributions summed over the sequence, applied at its end.
     */
    public enum Update {
        STEP, SEQUENCE;

        public String label() { return name().toLowerCase(Locale.ROOT); }

        /** "step" or "sequence"; anything else is an error naming both. */
        public static Update of(String name) {
            return LagTasks.choice(Update.class, name, "weight update");
        }
    }

    public static final double MODERN_LEARNING_RATE = 3e-3, MODERN_CLIP = 1.0, MODERN_FORGET_BIAS = 2.0;
    public static final int MODERN_BATCH = 16;

    public Preset {
        if (hidden < 1) throw new IllegalArgumentException("hidden size must be at least 1, got " + hidden);
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        if (!(learningRate > 0)) throw new IllegalArgumentException("learning rate must be positive, got " + learningRate);
        if (!Double.isFinite(forgetBias)) throw new IllegalArgumentException("forget-gate bias must be finite, got " + forgetBias);
        if (update == null) throw new IllegalArgumentException("weight update timing must be given");
        if (clipNorm < 0 || initRange < 0) throw new IllegalArgumentException("clip norm and init range must be >= 0, got " + clipNorm + ", " + initRange);
    }

    public static Preset modern(LagTask task) {
        return new Preset(Kind.MODERN, Math.max(16, 4 * task.paper().cells()), MODERN_BATCH, MODERN_LEARNING_RATE, MODERN_CLIP, 0, MODERN_FORGET_BIAS, Update.STEP);
    }

    public static Preset paper(LagTask task) {
        PaperSetup p = task.paper();
        return new Preset(Kind.PAPER, p.cells(), 1, p.learningRate(), 0, p.initRange(), MODERN_FORGET_BIAS, Update.STEP);
    }

    /** "modern" or "paper"; anything else is an error naming both. */
    public static Preset of(String name, LagTask task) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "modern" -> modern(task);
            case "paper" -> paper(task);
            default -> throw new IllegalArgumentException("unknown preset '" + name + "'; known presets: modern, paper");
        };
    }

    public Preset withHidden(int h) { return new Preset(kind, h, batchSize, learningRate, clipNorm, initRange, forgetBias, update); }
    public Preset withBatchSize(int b) { return new Preset(kind, hidden, b, learningRate, clipNorm, initRange, forgetBias, update); }
    public Preset withLearningRate(double lr) { return new Preset(kind, hidden, batchSize, lr, clipNorm, initRange, forgetBias, update); }
    /** The modern preset's LSTM forget-gate bias (the paper preset takes the paper's gate biases and ignores it). */
    public Preset withForgetBias(double b) { return new Preset(kind, hidden, batchSize, learningRate, clipNorm, initRange, b, update); }

    /** When the online methods change their weights. */
    public Preset withUpdate(Update u) { return new Preset(kind, hidden, batchSize, learningRate, clipNorm, initRange, forgetBias, u); }

    /** The initial weight range for a given hidden size. */
    public double initRangeFor(int h) { return initRange > 0 ? initRange : 1 / Math.sqrt(h); }

    /** A number as written by hand: 0.003, 0.5, 1. */
    public static String number(double v) { return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString(); }

    public String describe() {
        return String.format(Locale.ROOT, "%s: %d hidden, batch %d, %s lr %s, %s, init ±%s", kind.label(), hidden, batchSize,
                kind == Kind.MODERN ? "Adam" : "SGD", number(learningRate), clipNorm > 0 ? "clip " + clipNorm : "no clipping",
                initRange > 0 ? String.valueOf(initRange) : "1/sqrt(H)") + (update == Update.STEP ? "" : ", online updates per " + update.label());
    }
}
