package carousel.model;

import carousel.io.Json;
import carousel.tensor.Activation;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The builder's named defaults are PyTorch's, the ones config.json is read with; the config validates what is built. */
class ModelConfigBuilderTest {
    @Test
    void defaultsAreThoseOfAConfigJsonThatGivesOnlyTheSizes() throws Exception {
        for (Cell cell : Cell.values()) {
            ModelConfig read = ModelFiles.fromJson(Json.parseObject("{\"cell\": \"" + cell.configName()
                    + "\", \"input_size\": 7, \"hidden_size\": 9, \"output_size\": 4}", "test config"), "test config");
            assertEquals(read, ModelConfig.builder(cell, 7, 9, 4).build(), cell.configName());
            assertEquals(cell, read.cell());
        }
    }

    @Test
    void shortcutsAndToBuilderAgreeWithTheBuilder() throws Exception {
        ModelConfig lstmp = ModelConfig.builder(Cell.LSTM, 5, 16, 3).numLayers(2).projSize(6).bidirectional(true).build();
        assertEquals(lstmp, ModelConfig.lstm(5, 16, 2, 6, true, 3));
        assertEquals(lstmp, lstmp.toBuilder().build());
        assertEquals(ModelConfig.builder(Cell.RNN, 5, 8, 3).nonlinearity(Activation.RELU).build(), ModelConfig.rnn(5, 8, 1, Activation.RELU, false, 3));
        ModelConfig peep = lstmp.toBuilder().bidirectional(false).peepholes(true).forgetGate(false).cellClip(3f).nonRecurrentProjSize(2).build();
        assertEquals(peep, ModelConfig.lstm(5, 16, 2, 6, false, 3).withLstmOptions(false, true, Activation.SIGMOID, Activation.TANH, Activation.TANH, 3f, 2));
        // written and read back: the JSON names stay PyTorch's
        assertEquals(peep, ModelFiles.fromJson(Json.parseObject(Json.write(ModelFiles.toJson(peep)), "round trip"), "round trip"));
    }

    @Test
    void whatIsBuiltIsValidated() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelConfig.builder(Cell.DNN, 5, 8, 3).bidirectional(true).build());
        assertEquals("a dnn has no direction: bidirectional must be false", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ModelConfig.builder(Cell.RNN, 5, 8, 3).projSize(2).build());
        assertEquals("proj_size is only defined for cell \"lstm\"", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Cell.parse("gru"));
        assertEquals("cell must be \"lstm\", \"rnn\" or \"dnn\", got \"gru\"", e.getMessage());
    }
}
