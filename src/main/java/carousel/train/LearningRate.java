package carousel.train;

/**
 * Learning-rate schedules. {@link #rate()} is the rate for the next update; {@link #endEpoch}
 * is called once per epoch (or evaluation period) with the validation loss when there is one.
 * State is a few numbers (current rate, best loss, epochs without improvement, initial rate) so checkpoints keep it.
 */
public final class LearningRate {
    public enum Kind { CONSTANT, EXPONENTIAL, PLATEAU }

    private final Kind kind;
    private final double decay, minRate;
    private final int patience;
    private final double initial;
    private double rate, best = Double.POSITIVE_INFINITY;
    private int badEpochs;
    private double loadedInitial = Double.NaN;

    private LearningRate(Kind kind, double initial, double decay, int patience, double minRate) {
        if (!(initial > 0)) throw new IllegalArgumentException("learning rate must be positive, got " + initial);
        if (kind != Kind.CONSTANT && !(decay > 0 && decay <= 1)) throw new IllegalArgumentException("decay factor must be in (0, 1], got " + decay);
        this.kind = kind; this.initial = initial; this.rate = initial; this.decay = decay; this.patience = patience; this.minRate = minRate;
    }

    public static LearningRate constant(double lr) { return new LearningRate(Kind.CONSTANT, lr, 1, 0, 0); }

    /** lr ← lr·γ after every epoch. */
    public static LearningRate exponential(double lr, double gamma) { return new LearningRate(Kind.EXPONENTIAL, lr, gamma, 0, 0); }

    /** lr ← max(lr·factor, minRate) after {@code patience} epochs without a better validation loss. */
    public static LearningRate reduceOnPlateau(double lr, double factor, int patience, double minRate) {
        if (patience < 0) throw new IllegalArgumentException("patience must be >= 0, got " + patience);
        return new LearningRate(Kind.PLATEAU, lr, factor, patience, minRate);
    }

    public double rate() { return rate; }

    /** Sets the rate back to the initial one, keeping the record of the best loss (a resumed run told to use a new rate). */
    public void restart() { rate = initial; badEpochs = 0; }

    public void endEpoch(double validationLoss) {
        switch (kind) {
            case CONSTANT -> { }
            case EXPONENTIAL -> rate *= decay;
            case PLATEAU -> {
                if (validationLoss < best) { best = validationLoss; badEpochs = 0; }
                else if (++badEpochs > patience) { rate = Math.max(minRate, rate * decay); badEpochs = 0; }
            }
        }
    }

    /**
     * A validation loss must be below {@code loss} to count as an improvement (the plateau schedule's best so far
     * becomes it if lower): {@link EpochLoop} gives the chance level before the first epoch of a run that rejects
     * worse epochs, so that a first epoch no better than chance halves the rate like any other bad epoch.
     */
    public void improvementBelow(double loss) { if (loss < best) best = loss; }

    /** {rate, best loss, epochs without improvement, the initial rate the schedule started from}. */
    public double[] state() { return new double[]{rate, best, badEpochs, initial}; }

    /** Loads a {@link #state}: this schedule's initial rate stays (a checkpoint of three numbers predates the fourth). */
    public void loadState(double[] s) {
        rate = s[0]; best = s[1]; badEpochs = (int) s[2];
        loadedInitial = s.length > 3 ? s[3] : Double.NaN;
    }

    /**
     * Whether the last {@link #loadState} came from a schedule that started from another initial rate (a run resumed
     * with a new {@code --lr}); false when the state did not say.
     */
    public boolean initialChangedSinceSaved() { return !Double.isNaN(loadedInitial) && loadedInitial != initial; }
    public String describe() {
        return switch (kind) {
            case CONSTANT -> "constant " + rate;
            case EXPONENTIAL -> "exponential decay ×" + decay + " per epoch from " + rate;
            case PLATEAU -> "reduce on plateau ×" + decay + " after " + patience + " epochs, from " + rate;
        };
    }
}
