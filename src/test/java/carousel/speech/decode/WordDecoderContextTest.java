package carousel.speech.decode;

import carousel.speech.lm.NgramLm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The word search with tied triphone states ({@link ContextStates}): a map that ties every triphone to its
 * context-independent state gives the context-independent search's result, and on a toy model whose first
 * phone's tied state depends on the next phone, the context picks the word that the context-independent
 * sums (the marginal search) leave to the LM; the word-boundary sets hold exactly the tied states of the known side.
 */
class WordDecoderContextTest {
    private static final int SIL = 0, A = 1, B = 2, C = 3, P = 4;

    private static int[][] prons() {
        return new int[][]{{A, B}, {A, C}, {B}, {C, A}, {C, A, B}};
    }

    private static WordDecoder decoder(NgramLm lm, int k, WordDecoderOptions opt, TriphoneDecoder.StateMap map, int[] ciOfTied, boolean triphones) {
        int[] lmWord = new int[WordDecoderTest.WORDS.length];
        float[] unigram = new float[lmWord.length];
        for (int w = 0; w < lmWord.length; w++) {
            lmWord[w] = lm.vocabulary().id(WordDecoderTest.WORDS[w]);
            unigram[w] = lm.logProb(lm.emptyState(), lmWord[w]);
        }
        LexiconTree tree = LexiconTree.build(Arrays.asList(prons()), new int[]{0, 1, 2, 3, 4}, unigram, P, triphones);
        ContextStates cs = map == null ? null : ContextStates.build(tree, P, k, SIL, map, ciOfTied);
        return new WordDecoder(HmmTopology.fixed(P, k, 0.6), tree, lm, lmWord, SIL, opt, null, cs);
    }

    /** Rows of tied-state scores (T, N) as the decoder's acoustic ids (T, M). */
    private static double[][] ids(ContextStates cs, float[][] tied) {
        double[][] out = new double[tied.length][];
        for (int t = 0; t < tied.length; t++) {
            float[] r = cs.collapse(tied[t]);
            out[t] = new double[r.length];
            for (int i = 0; i < r.length; i++) out[t][i] = r[i];
        }
        return out;
    }

    @Test
    void aMapToTheContextIndependentStatesGivesTheContextIndependentResult(@TempDir Path dir) throws IOException {
        NgramLm lm = WordDecoderTest.lm(dir);
        Random rnd = new Random(5);
        for (int k : new int[]{1, 3}) {
            int[] ci = new int[P * k];
            for (int c = 0; c < ci.length; c++) ci[c] = c;
            for (int trial = 0; trial < 10; trial++) {
                WordDecoderOptions opt = new WordDecoderOptions(0.5 + rnd.nextDouble(), rnd.nextDouble() - 0.5, trial % 2 == 0 ? 0 : 0.3,
                        Double.POSITIVE_INFINITY, 1_000_000);
                WordDecoder plain = WordDecoderTest.decoder(lm, k, opt);
                WordDecoder tied = decoder(lm, k, opt, (l, p, r, s) -> p * k + s, ci, true);
                assertEquals(P * k, tied.context().numIds(), "every set is one context-independent state");
                float[][] scores = new float[4 * k + rnd.nextInt(8)][P * k];
                for (float[] row : scores) for (int i = 0; i < row.length; i++) row[i] = (float) (-3 * rnd.nextDouble());
                double[][] ll = new double[scores.length][P * k];
                for (int t = 0; t < ll.length; t++) for (int i = 0; i < ll[t].length; i++) ll[t][i] = scores[t][i];
                WordDecodeResult a = plain.decode(WordDecoderTest.matrix(ll)), b = tied.decode(WordDecoderTest.matrix(ids(tied.context(), scores)));
                assertArrayEquals(a.wordIndices(), b.wordIndices(), "K=" + k + " trial " + trial);
                assertEquals(a.score(), b.score(), 1e-9, "K=" + k + " trial " + trial);
            }
        }
    }

    @Test
    void theBestScoreEqualsBruteForceWithTiedTriphoneStates(@TempDir Path dir) throws IOException {
        NgramLm lm = WordDecoderTest.lm(dir);
        Random rnd = new Random(9);
        for (int k : new int[]{1, 3}) {
            for (int trial = 0; trial < 10; trial++) {
                // a random tying: 1 to 3 tied states per phone-state, chosen by both contexts
                int[] base = new int[P * k + 1], count = new int[P * k];
                for (int c = 0; c < P * k; c++) base[c + 1] = base[c] + (count[c] = 1 + rnd.nextInt(3));
                int[] ci = new int[base[P * k]];
                for (int c = 0; c < P * k; c++) for (int j = base[c]; j < base[c + 1]; j++) ci[j] = c;
                int salt = rnd.nextInt(100);
                TriphoneDecoder.StateMap map = (l, p, r, s) -> base[p * k + s] + Math.floorMod(l * 7 + r * 3 + l * r + salt, count[p * k + s]);
                // no optional silence between words: then no two left contexts meet in one token (see ContextStates), and the search is exact
                boolean silence = trial % 2 == 1;
                WordDecoderOptions opt = new WordDecoderOptions(0.5 + rnd.nextDouble(), rnd.nextDouble() - 0.5, silence ? 0.3 : 0,
                        Double.POSITIVE_INFINITY, 1_000_000);
                WordDecoder d = decoder(lm, k, opt, map, ci, true);
                float[][] tied = new float[4 * k + rnd.nextInt(6)][ci.length];
                for (float[] row : tied) for (int j = 0; j < row.length; j++) row[j] = (float) (-3 * rnd.nextDouble());
                BruteForce.Tied ref = new BruteForce.Tied(tied, map, ci, P);
                double[][] ll = ids(d.context(), tied);
                WordDecodeResult r = d.decode(WordDecoderTest.matrix(ll));
                double best = BruteForce.best(lm, d, ll, opt, ref);
                String what = "K=" + k + " trial " + trial;
                // the words returned score the search's score when force-aligned with their contexts
                assertEquals(r.score(), BruteForce.bestForWords(lm, d, ll, opt, r.wordIndices(), ref), 1e-5, what);
                if (silence) assertTrue(r.score() <= best + 1e-5, what);
                else assertEquals(best, r.score(), 1e-5, what);
            }
        }
    }

    /** The decoder over rows of tied-state scores (T, N), read through its context states. */
    private static WordDecodeResult decode(WordDecoder d, float[][] tied) {
        return d.decode(WordDecoderTest.matrix(ids(d.context(), tied)));
    }

    /** {triphone, marginal}: the lexicon tree with right context and the triphone sets, and without (every state its CI sum). */
    private static WordDecoder[] pair(NgramLm lm, TriphoneDecoder.StateMap map, int[] ci) {
        WordDecoderOptions opt = WordDecoderTest.UNIT.withSilenceProb(0);
        return new WordDecoder[]{decoder(lm, 1, opt, map, ci, true), decoder(lm, 1, opt, map, ci, false)};
    }

    @Test
    void theNextPhoneInTheWordDecidesWhatTheFirstPhoneScores(@TempDir Path dir) throws IOException {
        NgramLm lm = WordDecoderTest.lm(dir);
        // tied states: 0 sil, 1 a (not before b), 2 b, 3 c, 4 a before b
        TriphoneDecoder.StateMap map = (l, p, r, s) -> p == A && r == B ? 4 : p;
        WordDecoder[] d = pair(lm, map, new int[]{SIL, A, B, C, A});
        WordDecoder triphone = d[0], marginal = d[1];
        assertEquals(P, marginal.context().numIds(), "without right context every state reads its context-independent sum");
        // a a, then two frames equally b or c; the a frames are those of an a that is not followed by b
        float[][] tied = {{-9, 0, -9, -9, -4}, {-9, 0, -9, -9, -4}, {-9, -9, 0, 0, -9}, {-9, -9, 0, 0, -9}};
        // context-independent sums: a scores the same in "ab" and "ac", b and c tie, the LM prefers "ab"
        assertEquals(List.of("ab"), WordDecoderTest.words(decode(marginal, tied)));
        // triphones: "ab" reads the a-before-b state (-4 a frame), "ac" the other (0): the acoustics outweigh the LM
        assertEquals(List.of("ac"), WordDecoderTest.words(decode(triphone, tied)));
    }

    @Test
    void aWordAtTheUtteranceStartReadsTheBoundaryAsItsLeftContext(@TempDir Path dir) throws IOException {
        NgramLm lm = WordDecoderTest.lm(dir);
        // tied states: 0 sil, 1 a, 2 b, 3 c, 4 b after the boundary (P)
        TriphoneDecoder.StateMap map = (l, p, r, s) -> p == B && l == P ? 4 : p;
        WordDecoder[] d = pair(lm, map, new int[]{SIL, A, B, C, B});
        WordDecoder triphone = d[0], marginal = d[1];
        float[][] tied = {{-9, -9, -5, -9, 0}, {-9, -9, -5, -9, 0}};
        WordDecodeResult t = decode(triphone, tied), m = decode(marginal, tied);
        assertEquals(List.of("b"), WordDecoderTest.words(t));
        assertEquals(List.of("b"), WordDecoderTest.words(m));
        // the same path; the marginal search reads ln(e^0 + e^-5) per frame, the triphone search b-after-the-start's 0
        assertEquals(m.score() - 2 * Math.log1p(Math.exp(-5)), t.score(), 1e-5);
    }

    @Test
    void theUnknownCrossWordSideIsSummedOut() {
        // phones 0 sil, 1 a, 2 b; the word "ab": a's left and b's right context are the neighbouring words'
        LexiconTree tree = LexiconTree.build(List.<int[]>of(new int[]{1, 2}), new int[]{0}, new float[]{0f}, 3, true);
        // tied states: each phone's own, plus b after a (3), plus a before b after sil (4)
        TriphoneDecoder.StateMap map = (l, p, r, s) -> p == 2 && l == 1 ? 3 : p == 1 && r == 2 && l == 0 ? 4 : p;
        ContextStates cs = ContextStates.build(tree, 3, 1, 0, map, new int[]{0, 1, 2, 2, 1});
        int a = tree.child(tree.childBegin(0)), b = tree.child(tree.childBegin(a));
        assertEquals(-1, tree.left(a));
        assertEquals(2, tree.right(a));
        assertEquals(1, tree.left(b));
        assertEquals(-1, tree.right(b));
        assertArrayEquals(new int[]{1, 4}, cs.members(cs.id(a)), "a before b, any left context: both of a's states");
        assertArrayEquals(new int[]{4}, cs.members(cs.id(a, 0)), "a before b after silence: its own tied state");
        assertArrayEquals(new int[]{1}, cs.members(cs.id(a, 3)), "a before b at the utterance start (the boundary, 3)");
        assertEquals(cs.id(b), cs.id(b, 0), "a left context does not reach inside the word");
        assertArrayEquals(new int[]{3}, cs.members(cs.id(b)), "b after a, any right context: one tied state");
        assertArrayEquals(new int[]{0}, cs.members(cs.id(tree.numNodes())), "silence: its context-independent set");
        StatePriors priors = cs.priors(StatePriors.of(0.1, 0.2, 0.3, 0.15, 0.25));
        assertEquals(Math.log(0.45), priors.logPrior(cs.id(a)), 1e-12);
        assertEquals(Math.log(0.15), priors.logPrior(cs.id(b)), 1e-12);
        float[] row = cs.collapse(new float[]{(float) Math.log(0.1), (float) Math.log(0.2), (float) Math.log(0.3), (float) Math.log(0.15), (float) Math.log(0.25)});
        assertEquals(Math.log(0.45), row[cs.id(a)], 1e-6);
        assertEquals(1, cs.id(a), "that is a's context-independent set, id 1");
        assertEquals(6, cs.numIds(), "the three context-independent sets, b after a, and a after silence or not");
    }
}
