package carousel.lag;

import carousel.tensor.Rng;
import carousel.train.Batch;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Task and method registries: names, options, errors, and seeded determinism of every generator. */
class RegistryTest {
    static LagTask small(String name) {
        LagTasks.Options o = switch (name) {
            case "2a", "2b" -> new LagTasks.Options(null, 6, null, null, null, null, null, null);
            case "2c" -> new LagTasks.Options(null, 5, 10, null, null, null, null, null);
            case "3a", "3b", "3c", "adding", "multiplication", "6a", "6b" -> new LagTasks.Options(30, null, null, null, null, null, null, null);
            default -> LagTasks.Options.defaults();
        };
        return LagTasks.create(name, o);
    }

    @Test
    void everyTaskIsSeededDeterministicAndCodedAsItsSizesSay() {
        for (String name : LagTasks.names()) {
            LagTask task = small(name);
            assertEquals(name, task.name());
            Batch a = task.trainBatch(new Rng(9), 5), b = task.trainBatch(new Rng(9), 5), c = task.trainBatch(new Rng(10), 5);
            assertArrayEquals(a.x().f, b.x().f, name);
            assertArrayEquals(a.lengths(), b.lengths(), name);
            assertFalse(java.util.Arrays.equals(a.x().f, c.x().f) && java.util.Arrays.equals(a.lengths(), c.lengths()), name + ": another seed, other data");
            assertEquals(task.inputSize(), a.inputSize(), name);
            if (a.classTargets() != null) {
                for (int y : a.classTargets()) assertTrue(y >= -1 && y < task.outputSize(), name + " target " + y);
            } else assertEquals(a.steps() * a.batch() * task.outputSize(), a.valueTargets().size(), name);
            assertTrue(task.paper().cells() >= 1);
            assertFalse(task.stopping().rule().isEmpty());
            assertTrue(task.finalTestSize() > 0, name);
        }
    }

    @Test
    void unknownTaskAndMisplacedOptionsAreClearErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LagTasks.create("addition", LagTasks.Options.defaults()));
        assertTrue(e.getMessage().contains("unknown task 'addition'") && e.getMessage().contains("adding") && e.getMessage().contains("continual-reber"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LagTasks.create("adding", new LagTasks.Options(100, 5, null, null, null, null, null, null)));
        assertEquals("task adding does not take --p; it takes --seq-length, --adding-error", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LagTasks.create("adding", new LagTasks.Options(null, null, null, null, null, null, null, null,
                EmbeddedReber.Targets.SUCCESSORS, null)));
        assertEquals("task adding does not take --reber-targets; it takes --seq-length, --adding-error", e.getMessage());
        assertEquals(AddingProblem.ErrorReading.ABSOLUTE, ((AddingProblem) LagTasks.create("adding", new LagTasks.Options(null, null, null, null, null, null, null, null,
                null, AddingProblem.ErrorReading.ABSOLUTE))).reading());
        assertEquals(EmbeddedReber.Targets.SUCCESSORS, ((EmbeddedReber) LagTasks.create("reber", new LagTasks.Options(null, null, null, null, null, null, null, null,
                EmbeddedReber.Targets.SUCCESSORS, null))).coding());
        e = assertThrows(IllegalArgumentException.class, () -> Preset.Update.of("batch"));
        assertEquals("unknown weight update 'batch'; known: step, sequence", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> AddingProblem.ErrorReading.of("mean"));
        assertEquals("unknown error reading 'mean'; known: squared, absolute", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LagTasks.create("adding", new LagTasks.Options(10, null, null, null, null, null, null, null)));
        assertTrue(e.getMessage().contains("at least 20"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LagTasks.create("3a", new LagTasks.Options(100, null, null, 100, null, null, null, null)));
        assertTrue(e.getMessage().contains("N (information elements) must be in [1, T)"), e.getMessage());
    }

    @Test
    void unknownMethodAndPresetListTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Learners.get("gru"));
        assertTrue(e.getMessage().startsWith("unknown method 'gru'; known methods: lstm, rnn"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Preset.of("fast", small("adding")));
        assertEquals("unknown preset 'fast'; known presets: modern, paper", e.getMessage());
    }

    @Test
    void onlineMethodsAreAPropertyOfTheRegistry() {
        assertTrue(Learners.online("lstm1997"));
        assertTrue(Learners.online("rtrl"));
        assertEquals(false, Learners.online("lstm"));
        assertEquals(false, Learners.online("rnn"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Learners.online("gru"));
        assertTrue(e.getMessage().startsWith("unknown method 'gru'"), e.getMessage());
    }

    @Test
    void presetsReadThePaperSetup() {
        LagTask adding = small("adding");
        Preset paper = Preset.of("paper", adding);
        assertEquals(4, paper.hidden(), "2 blocks of 2 cells");
        assertEquals(0.5, paper.learningRate());
        assertEquals(1, paper.batchSize());
        assertEquals(0.1, paper.initRange());
        Preset modern = Preset.of("modern", adding);
        assertEquals(16, modern.hidden());
        assertEquals(16, modern.batchSize());
        assertEquals(1 / Math.sqrt(16), modern.initRangeFor(16));
    }

    @Test
    void paperRowsMatchTaskParameters() {
        assertEquals(1, PaperResults.forTask("adding", "T=100").size());
        assertEquals("74,000", PaperResults.forTask("adding", "T=100").get(0).sequences());
        assertEquals(9, PaperResults.forTask("reber", "").size(), "Table 1 rows apply to every data seed");
        assertEquals(4, PaperResults.forTask("2a", "p=100").size());
        assertTrue(PaperResults.forTask("adding", "T=30").isEmpty());
        for (PaperResults.Row r : PaperResults.all()) assertTrue(LagTasks.names().contains(r.task()), r.task());
    }
}
