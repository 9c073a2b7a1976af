package carousel.cli;

import carousel.model.Cell;
import carousel.speech.plm.PlmTrainer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** train-plm's options: their defaults are PlmTrainer.Options.DEFAULTS, and they are read by name. */
class TrainPlmOptionsTest {
    private static TrainPlmCommand parse(String... args) {
        return AmTrainingOptionsTest.parseWithCorpusAndOut(new TrainPlmCommand(), args);
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
