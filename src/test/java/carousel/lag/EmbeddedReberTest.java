package carousel.lag;

import carousel.tensor.Rng;
import carousel.tensor.Tensor;
import carousel.train.Batch;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddedReberTest {
    @Test
    void fixedSetsAre256DistinctGrammaticalStringsWithNoTestStringInTraining() {
        EmbeddedReber task = new EmbeddedReber(5);
        Set<String> train = new HashSet<>(), test = new HashSet<>();
        for (int[] s : task.trainStrings()) { assertTrue(ReberGrammar.recognizes(s)); train.add(ReberGrammar.toText(s)); }
        for (int[] s : task.testStrings()) { assertTrue(ReberGrammar.recognizes(s)); test.add(ReberGrammar.toText(s)); }
        assertEquals(256, train.size());
        assertEquals(256, test.size());
        test.retainAll(train);
        assertTrue(test.isEmpty(), "test strings that are also training strings: " + test);
    }

    @Test
    void setsDependOnlyOnTheDataSeed() {
        assertArrayEquals(new EmbeddedReber(5).testStrings(), new EmbeddedReber(5).testStrings());
        assertFalse(java.util.Arrays.deepEquals(new EmbeddedReber(5).testStrings(), new EmbeddedReber(6).testStrings()));
    }

    @Test
    void batchesAreOneHotWithNextSymbolTargets() {
        EmbeddedReber task = new EmbeddedReber(1);
        Batch b = EmbeddedReber.batchOf(new int[][]{ReberGrammar.fromText("BTBTXSETE"), ReberGrammar.fromText("BPBPVVEPE"), ReberGrammar.fromText("BTBTSSXXTVVETE")});
        assertEquals(14, b.steps());
        assertArrayEquals(new int[]{9, 9, 14}, b.lengths());
        assertEquals(7, b.inputSize());
        String[] text = {"BTBTXSETE", "BPBPVVEPE", "BTBTSSXXTVVETE"};
        for (int s = 0; s < 3; s++)
            for (int t = 0; t < b.lengths()[s]; t++) {
                int sym = ReberGrammar.SYMBOLS.indexOf(text[s].charAt(t));
                for (int k = 0; k < 7; k++) assertEquals(k == sym ? 1f : 0f, b.x().f[(t * 3 + s) * 7 + k]);
                int expected = t + 1 < text[s].length() ? ReberGrammar.SYMBOLS.indexOf(text[s].charAt(t + 1)) : -1;
                assertEquals(expected, b.classTargets()[t * 3 + s], "target of step " + t + " of " + text[s]);
            }
        assertEquals(7, task.outputSize());
    }

    /** Outputs spread evenly over the possible next symbols pass; moving mass to an impossible one fails at that step. */
    @Test
    void successTestIsPossibleNextSymbolsMostActive() {
        EmbeddedReber task = new EmbeddedReber(1);
        Batch b = EmbeddedReber.batchOf(new int[][]{ReberGrammar.fromText("BPBTXXVPSEPE"), ReberGrammar.fromText("BTBTXSETE")});
        Tensor out = grammarOutputs(b);
        assertArrayEquals(new int[]{-1, -1}, task.firstErrors(out, b));
        // step 3 of the first string (input T of the inner string): S and X possible; make V win
        out.f[(3 * 2) * 7 + ReberGrammar.V] = 0.9f;
        assertArrayEquals(new int[]{3, -1}, task.firstErrors(out, b));
        // a tie between a possible and an impossible symbol is not "most active"
        Tensor tie = grammarOutputs(b);
        tie.f[(6 * 2 + 1) * 7 + ReberGrammar.P] = 1f;   // step 6 of BTBTXSETE reads the inner E: only T may follow
        assertArrayEquals(new int[]{-1, 6}, task.firstErrors(tie, b));
        assertArrayEquals(new boolean[]{true, false}, task.passes(tie, b));
    }

    /** For each step, 1/k on each of the k possible next symbols. */
    static Tensor grammarOutputs(Batch b) {
        int B = b.batch();
        Tensor out = Tensor.f32(b.steps(), B, 7);
        for (int s = 0; s < B; s++) {
            int state = ReberGrammar.START;
            for (int t = 0; t < b.lengths()[s]; t++) {
                state = ReberGrammar.next(state, PredictionChecks.symbolAt(b, t, s));
                int mask = ReberGrammar.allowedMask(state);
                for (int k = 0; k < 7; k++) if ((mask >> k & 1) != 0) out.f[(t * B + s) * 7 + k] = 1f / Integer.bitCount(mask);
            }
        }
        return out;
    }

    @Test
    void trainingBatchesDrawTrainingStrings() {
        EmbeddedReber task = new EmbeddedReber(2);
        Set<String> train = new HashSet<>();
        for (int[] s : task.trainStrings()) train.add(ReberGrammar.toText(s));
        Batch b = task.trainBatch(new Rng(4), 32);
        for (int s = 0; s < 32; s++) {
            StringBuilder sb = new StringBuilder();
            for (int t = 0; t < b.lengths()[s]; t++) sb.append(ReberGrammar.SYMBOLS.charAt(PredictionChecks.symbolAt(b, t, s)));
            assertTrue(train.contains(sb.toString()), sb + " is not a training string");
        }
    }
}
