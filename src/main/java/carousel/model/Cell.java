package carousel.model;

import java.util.Locale;

/**
 * The kind of a {@link ModelConfig}'s layers, written in {@code config.json}'s {@code cell} field (and as
 * the prefix of the parameter names, {@code lstm.weight_ih_l0}) by its lower-case {@link #configName()}.
 */
public enum Cell {
    /** Long short-term memory (Hochreiter &amp; Schmidhuber 1997; forget gate of Gers et al. 2000), optionally projected (LSTMP). */
    LSTM,
    /** Simple (Elman) recurrent layer with one nonlinearity. */
    RNN,
    /** Feed-forward layers applied to every frame on its own (stacked-frame baselines). */
    DNN;

    /** The name in {@code config.json} and in parameter names: {@code lstm}, {@code rnn}, {@code dnn}. */
    public String configName() { return name().toLowerCase(Locale.ROOT); }

    /** The cell of a {@code config.json} name. */
    public static Cell parse(String name) {
        for (Cell c : values()) if (c.configName().equals(name)) return c;
        throw new IllegalArgumentException("cell must be \"lstm\", \"rnn\" or \"dnn\", got \"" + name + "\"");
    }

    @Override
    public String toString() { return configName(); }
}
