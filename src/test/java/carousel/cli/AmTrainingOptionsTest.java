package carousel.cli;

import carousel.speech.am.AmArchitecture;
import carousel.speech.am.AmTrainer;
import carousel.speech.dataset.TargetSet;
import carousel.speech.feature.FeaturePipeline;
import carousel.tensor.Products;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** train-am's options (the mixin Spark's train-am shares): their defaults are AmTrainer.Options.DEFAULTS, and the options validate together. */
class AmTrainingOptionsTest {
    /** {@code command} with its options parsed from {@code --corpus c --out o} and {@code args}. */
    static <T> T parseWithCorpusAndOut(T command, String... args) {
        String[] all = new String[args.length + 4];
        all[0] = "--corpus"; all[1] = "c"; all[2] = "--out"; all[3] = "o";
        System.arraycopy(args, 0, all, 4, args.length);
        new CommandLine(command).parseArgs(all);
        return command;
    }

    private static TrainAmCommand parse(String... args) {
        return parseWithCorpusAndOut(new TrainAmCommand(), args);
    }

    @Test
    void theCommandsDefaultsAreTheNamedDefaults() {
        TrainAmCommand c = parse();
        assertEquals(AmTrainer.Options.DEFAULTS, c.training.options(c.streams));
        assertEquals("fbank", c.training.features().kind().configName());
        assertEquals(java.util.List.of("--num-mel-bins=40"), c.training.features().kaldiArgs());
    }

    @Test
    void optionsAreReadByName() {
        TrainAmCommand c = parse("--model", "dnn", "--hidden", "64", "--layers", "3", "--context", "4,2", "--streams", "8", "--lr", "0.01", "--seed", "7");
        AmTrainer.Options o = c.training.options(c.streams);
        assertEquals(AmTrainer.Options.builder().model(AmArchitecture.DNN).hidden(64).layers(3).context(4, 2).streams(8).lr(0.01).seed(7).build(), o);
        assertEquals(AmArchitecture.DNN, o.model());
        assertEquals(4, o.contextLeft());
    }

    @Test
    void aBlstmDropsAProjectionNotBelowItsCellsAndLstmpRefusesIt() {
        assertEquals(0, parse("--model", "blstm", "--hidden", "64").training.options(16).proj());
        assertEquals(32, parse("--model", "blstm", "--hidden", "64", "--proj", "32").training.options(16).proj());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse("--hidden", "64").training.options(16));
        assertEquals("lstmp needs 0 < --proj < --hidden, got proj 128", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> parse("--model", "gru").training.options(16));
        assertEquals("model must be lstm, lstmp, blstm, rnn or dnn, got 'gru'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> parse("--context", "1,2,3").training.options(16));
        assertEquals("--context takes LEFT,RIGHT, got [1, 2, 3]", e.getMessage());
    }

    @Test
    void trainProductsAreTypedAndRecordedOnlyWhenNotFloat32() {
        AmTrainer.Options o = parse("--train-products", "bf16").training.options(16);
        assertEquals(Products.BF16, o.trainProducts());
        FeaturePipeline f = parse().training.features();
        assertEquals("bf16", new AmTrainer(o, System.err, carousel.speech.recognize.Recognizer.DEV_FRAME_ACCURACY).settings(f, TargetSet.STATES).get("--train-products"));
        assertFalse(new AmTrainer(AmTrainer.Options.DEFAULTS, System.err, carousel.speech.recognize.Recognizer.DEV_FRAME_ACCURACY).settings(f, TargetSet.STATES).containsKey("--train-products"),
                "absent at f32: run directories made before the option resume unchanged");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse("--train-products", "fp16").training.options(16));
        assertEquals("training products must be one of [f32, bf16], got 'fp16'", e.getMessage());
    }
}
