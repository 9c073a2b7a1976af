package carousel.cli;

import carousel.model.Cell;
import carousel.speech.plm.PlmTrainer;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** train-plm's options: their defaults are PlmTrainer.Options.DEFAULTS, and they are read by name. */
class TrainPlmOptionsTest {
    private static TrainPlmCommand parse(String... args) {
        TrainPlmCommand c = new TrainPlmCommand();
        String[] all = new String[args.length + 4];
        all[0] = "--corpus"; all[1] = "c"; all[2] = "--out"; all[3] = "o";
        System.arraycopy(args, 0, all, 4, args.length);
        new CommandLine(c).parseArgs(all);
        return c;
    }

    @Test
    void theCommandsDefaultsAreTheNamedDefaults() {
        assertEquals(PlmTrainer.Options.DEFAULTS, parse().options());
    }

    @Test
    void optionsAreReadByName() {
        PlmTrainer.Options o = parse("--cell", "rnn", "--hidden", "32", "--batch", "4", "--weight-decay", "0.001", "--patience", "3").options();
        assertEquals(PlmTrainer.Options.builder().cell(Cell.RNN).hidden(32).batchSize(4).weightDecay(0.001).patience(3).build(), o);
        assertEquals(Cell.RNN, o.cell());
        assertEquals(4, o.batchSize());
    }

    @Test
    void aCellOtherThanLstmOrRnnIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> PlmTrainer.Options.builder().cell(Cell.DNN).build());
        assertThrows(IllegalArgumentException.class, () -> PlmTrainer.Options.builder().hidden(0).build());
    }
}
