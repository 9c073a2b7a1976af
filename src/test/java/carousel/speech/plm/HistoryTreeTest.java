package carousel.speech.plm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import carousel.speech.decode.PhoneBigram;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** History sharing: a history is stepped once, however many hypotheses ask for it, and a frame's histories in one call. */
class HistoryTreeTest {

    @Test
    void twoHypothesesWithOneHistoryCostOneStep() {
        PhoneBigram bigram = BeamSearchDecoderTest.randomBigram(new Random(1), BeamSearchDecoderTest.ABC);
        BeamSearchDecoderTest.Counting m = new BeamSearchDecoderTest.Counting(new BigramPhoneModel(bigram));
        HistoryTree tree = new HistoryTree(m);
        tree.compute(new int[] {HistoryTree.ROOT}, 1);
        assertEquals(1, m.calls);
        int a = tree.childOrNew(HistoryTree.ROOT, 0);
        int b = tree.childOrNew(HistoryTree.ROOT, 1);
        assertEquals(a, tree.childOrNew(HistoryTree.ROOT, 0), "one node per history");
        assertEquals(-1, tree.child(a, 2));
        // two hypotheses in history "a" (say in states 1 and 2 of the phone) and one in "b": one call, two rows
        tree.compute(new int[] {a, a, b}, 3);
        assertEquals(2, m.calls);
        assertEquals(1 + 2, m.rows);
        assertEquals(2, m.maxRows);
        assertEquals(3, tree.rowsStepped());
        // asked again at a later frame: nothing to do
        tree.compute(new int[] {a, b}, 2);
        assertEquals(2, m.calls);
        assertEquals(bigram.logProb(0, 2), tree.logProb(a, 2), 1e-12);
        assertEquals(bigram.logProbEnd(1), tree.logProb(b, 3), 1e-12);
        assertEquals(bigram.logProbStart(1), tree.logProb(HistoryTree.ROOT, 1), 1e-12);
        // a grandchild needs its parent computed
        int ab = tree.childOrNew(a, 1);
        int abc = tree.childOrNew(ab, 2);
        assertThrows(IllegalStateException.class, () -> tree.compute(new int[] {abc}, 1));
        assertThrows(IllegalStateException.class, () -> tree.logProb(ab, 0));
    }

    @Test
    void manyNodesGrowTheMapAndPools() {
        HistoryTree tree = new HistoryTree(new BigramPhoneModel(BeamSearchDecoderTest.randomBigram(new Random(2), BeamSearchDecoderTest.ABC)));
        tree.compute(new int[] {HistoryTree.ROOT}, 1);
        int node = HistoryTree.ROOT;
        int[] chain = new int[5000];
        for (int i = 0; i < chain.length; i++) {
            node = tree.childOrNew(node, i % 3);
            chain[i] = node;
            tree.compute(chain, i + 1);
        }
        assertEquals(5001, tree.numNodes());
        assertEquals(5001, tree.rowsStepped());
        node = HistoryTree.ROOT;
        for (int i = 0; i < chain.length; i++) {
            node = tree.child(node, i % 3);
            assertEquals(chain[i], node);
        }
        tree.reset();
        assertEquals(1, tree.numNodes());
        assertEquals(-1, tree.child(HistoryTree.ROOT, 0));
    }
}
