package carousel.speech.lm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interpolated Witten-Bell on the text "a b" / "a", i.e. {@code <s> a b </s>} and {@code <s> a </s>},
 * worked by hand. Predicted tokens a b </s> a </s>: n = 5, c(a) = 2, c(b) = 1, c(</s>) = 2, T0 = 3,
 * V' = {a, b, </s>}:
 * <pre>
 *   P(a) = (2 + 3/3) / 8 = 3/8     P(b) = (1 + 1) / 8 = 1/4     P(</s>) = 3/8
 *   after <s>: c = 2, T = 1:  P(a|<s>) = (2 + 3/8) / 3 = 19/24, bow = 1/3, P(b|<s>) = 1/12
 *   after a:   c = 2, T = 2:  P(b|a) = (1 + 2/4) / 4 = 3/8, P(</s>|a) = (1 + 6/8) / 4 = 7/16, bow = 1/2,
 *                             P(a|a) = 3/16
 *   after b:   c = 1, T = 1:  P(</s>|b) = (1 + 3/8) / 2 = 11/16, bow = 1/2
 *   after <s> a: c = 2, T = 2: P(b|<s> a) = (1 + 2 * 3/8) / 4 = 7/16, P(</s>|<s> a) = (1 + 2 * 7/16) / 4
 *                             = 15/32, bow = 1/2, P(a|<s> a) = 3/32
 *   after a b: c = 1, T = 1:   P(</s>|a b) = (1 + 11/16) / 2 = 27/32
 * </pre>
 */
class WittenBellEstimatorTest {

    @TempDir
    Path tmp;

    private NgramLm build(String text, int order, String vocab) throws IOException {
        Path t = tmp.resolve("text.txt");
        Files.writeString(t, text);
        Path v = null;
        if (vocab != null) {
            v = tmp.resolve("vocab.txt");
            Files.writeString(v, vocab);
        }
        TrainingText tt = TrainingText.read(t, v);
        Path out = tmp.resolve("lm" + order + ".arpa");
        new WittenBellEstimator(order, tt.vocabulary(), tt.sentences()).write(out);
        return NgramLm.read(out);
    }

    @Test
    void matchesTheHandComputation() throws IOException {
        NgramLm lm = build("a b\n\na\n", 3, null);
        Vocabulary v = lm.vocabulary();
        int a = v.id("a");
        int b = v.id("b");
        assertEquals(3, lm.order());
        assertEquals(4, lm.count(1));
        assertEquals(4, lm.count(2)); // <s> a, a b, b </s>, a </s>
        assertEquals(3, lm.count(3)); // <s> a b, a b </s>, <s> a </s>
        int e = lm.emptyState();
        assertEquals(Math.log(3.0 / 8), lm.logProb(e, a), 1e-6);
        assertEquals(Math.log(1.0 / 4), lm.logProb(e, b), 1e-6);
        int s = lm.startState();
        assertEquals(Math.log(19.0 / 24), lm.logProb(s, a), 1e-6);
        assertEquals(Math.log(1.0 / 12), lm.logProb(s, b), 1e-6);
        int sa = NgramLm.stateOf(lm.next(s, a));
        assertEquals(Math.log(7.0 / 16), lm.logProb(sa, b), 1e-6);
        assertEquals(Math.log(15.0 / 32), lm.finalLogProb(sa), 1e-6);
        assertEquals(Math.log(3.0 / 32), lm.logProb(sa, a), 1e-6);
        int sab = NgramLm.stateOf(lm.next(sa, b));
        assertEquals(Math.log(27.0 / 32), lm.finalLogProb(sab), 1e-6);
        int sb = NgramLm.stateOf(lm.next(e, b));
        assertEquals(Math.log(11.0 / 16), lm.finalLogProb(sb), 1e-6);
        int sa1 = NgramLm.stateOf(lm.next(e, a));
        assertEquals(Math.log(3.0 / 16), lm.logProb(sa1, a), 1e-6);
        assertEquals(Math.log(19.0 / 24 * 7 / 16 * 27 / 32), lm.sentenceLogProb(new int[] {a, b}), 1e-6);
        assertSumsToOne(lm);
    }

    @Test
    void vocabularyFileMapsOtherWordsToUnk() throws IOException {
        NgramLm lm = build("the cat sat\nthe dog sat on the mat\na cat\n", 4, "the\ncat\nsat\n\n");
        Vocabulary v = lm.vocabulary();
        assertEquals(6, v.size()); // </s> <s> <unk> the cat sat
        assertTrue(v.unk() >= 0);
        assertTrue(lm.logProb(lm.startState(), v.unk()) > Math.log(0.1));
        assertSumsToOne(lm);
        assertSumsToOne(build("x y z x y\nz z y\ny\nx x x x x\n", 2, null));
        assertSumsToOne(build("x y z x y z y x\nz z y x y z\ny\nx x x x x y x x\n", 5, null));
    }

    @Test
    void markersInsideTheTextAreRefused() throws IOException {
        Path t = tmp.resolve("bad.txt");
        Files.writeString(t, "a b\na </s> b\n");
        assertEquals(t + ":2: </s> inside a sentence (the markers are added)",
                assertThrows(LmFormatException.class, () -> TrainingText.read(t, null)).getMessage());
    }

    /** Every state reachable from {@code <s>} has a distribution over V' (all words but {@code <s>}) summing to 1. */
    static void assertSumsToOne(NgramLm lm) {
        Vocabulary v = lm.vocabulary();
        Set<Integer> seen = new HashSet<>();
        ArrayDeque<Integer> todo = new ArrayDeque<>();
        todo.add(lm.startState());
        todo.add(lm.emptyState());
        while (!todo.isEmpty()) {
            int s = todo.poll();
            if (!seen.add(s)) {
                continue;
            }
            double sum = 0;
            for (int w = 0; w < v.size(); w++) {
                if (w != v.bos()) {
                    long r = lm.next(s, w);
                    sum += Math.exp(NgramLm.logProbOf(r));
                    todo.add(NgramLm.stateOf(r));
                }
            }
            assertEquals(1.0, sum, 1e-5, "state " + s);
        }
        assertTrue(seen.size() > 2);
    }
}
