package carousel.speech.am;

import carousel.model.Cell;
import carousel.model.ModelConfig;
import carousel.tensor.Activation;

import java.util.Locale;

/**
 * The acoustic-model architectures {@code train-am} offers, by their {@code --model} names, and the
 * {@link ModelConfig} each makes: LSTM, LSTMP (recurrent projection, optionally a non-recurrent one,
 * Sak, Senior &amp; Beaufays 2014), BLSTM (bidirectional, full BPTT), simple tanh RNN, and a relu DNN on
 * stacked frames.
 */
public enum AmArchitecture {
    LSTM, LSTMP, BLSTM, RNN, DNN;

    /** The {@code --model} name: lstm, lstmp, blstm, rnn, dnn. */
    public String configName() { return name().toLowerCase(Locale.ROOT); }

    public static AmArchitecture parse(String name) {
        for (AmArchitecture a : values()) if (a.configName().equals(name)) return a;
        throw new IllegalArgumentException("model must be lstm, lstmp, blstm, rnn or dnn, got '" + name + "'");
    }

    /** Whether the network carries state over time (every architecture but the DNN, which sees stacked frames instead). */
    public boolean recurrent() { return this != DNN; }

    /**
     * The network of this architecture: {@code inputs} wide, {@code classes} outputs, with the options'
     * hidden size, layers and projections (the recurrent projection for LSTMP, and for BLSTM when
     * the options have one; the non-recurrent projection for LSTMP only).
     */
    public ModelConfig modelConfig(int inputs, int classes, AmTrainer.Options o) {
        ModelConfig.Builder b = ModelConfig.builder(cell(), inputs, o.hidden(), classes).numLayers(o.layers());
        return switch (this) {
            case LSTM -> b.build();
            case LSTMP -> b.projSize(o.proj()).nonRecurrentProjSize(o.nonRecurrentProj()).build();
            case BLSTM -> b.projSize(o.proj()).bidirectional(true).build();
            case RNN -> b.nonlinearity(Activation.TANH).build();
            case DNN -> b.nonlinearity(Activation.RELU).build();
        };
    }

    /** The layers' cell. */
    public Cell cell() {
        return switch (this) {
            case LSTM, LSTMP, BLSTM -> Cell.LSTM;
            case RNN -> Cell.RNN;
            case DNN -> Cell.DNN;
        };
    }

    @Override
    public String toString() { return configName(); }
}
