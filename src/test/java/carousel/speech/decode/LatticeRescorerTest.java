package carousel.speech.decode;

import carousel.speech.lm.NgramLm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The second pass: lattice rescoring with another LM ({@link LatticeRescorer}). */
class LatticeRescorerTest {
    private static final double LN10 = Math.log(10);

    /** A bigram over a, b, c (log10, ARPA) under which "b c" beats "a c". */
    private static final String BIGRAM = """
            \\data\\
            ngram 1=5
            ngram 2=5

            \\1-grams:
            -1.0\t</s>
            -99\t<s>\t-0.5
            -0.5\ta\t-0.2
            -0.6\tb\t-0.1
            -0.7\tc\t0

            \\2-grams:
            -0.1\t<s> a
            -0.3\t<s> b
            -2.0\ta c
            -0.2\tb c
            -0.05\tc </s>

            \\end\\
            """;

    private static int[] ids(NgramLm lm, String... words) {
        int[] id = new int[words.length];
        for (int i = 0; i < words.length; i++) id[i] = lm.vocabulary().id(words[i]);
        return id;
    }

    @Test
    void aHandMadeLatticeGetsTheBestPathOfTheNewLm(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("bigram.arpa");
        Files.writeString(f, BIGRAM);
        NgramLm lm = NgramLm.read(f);
        final int a = 0, b = 1, c = 2;
        double w = 2;   // the LM weight the first pass used
        // first pass (a unigram LM: ln P(a) = -0.5 ln 10, P(b) = -0.6, P(c) + P(</s>) = -0.7 - 1.0), acoustics -10, -11, -12
        float la = (float) (-0.5 * LN10), lb = (float) (-0.6 * LN10), lc = (float) (-1.7 * LN10);
        WordLattice first = new WordLattice();
        double sa = -10 + w * la, sb = -11 + w * lb;
        assertTrue(sa > sb, "the first pass prefers a");
        int r0 = first.add(10, 2, new int[]{-1, -1}, new int[]{a, b}, new double[]{sa, sb}, new float[]{la, lb});
        int fin = first.add(20, r0, c, sa - 12 + w * lc, lc);
        assertEquals(List.of(a, c), wordsOf(first.bestPath(fin, null)));

        LatticeRescorer.Rescored r = new LatticeRescorer(lm, ids(lm, "a", "b", "c"), LatticeRescorer.DEFAULT_MAX_STATES).rescore(first, fin, w);
        // by hand: a c = -22 + 2 ln10 (-0.1 - 2.0 - 0.05) = -31.90; b c = -23 + 2 ln10 (-0.3 - 0.2 - 0.05) = -25.53
        assertEquals(List.of(b, c), wordsOf(r.lattice().bestPath(r.finalRecord(), null)));
        assertEquals(-23 + w * LN10 * (-0.3 - 0.2 - 0.05), r.lattice().score(r.finalRecord()), 1e-5);
        // the record after a or b is two histories for the bigram: split in two, plus the final one
        assertEquals(3, r.lattice().numRecords());
        List<WordLattice.Hypothesis> nbest = r.lattice().nbest(r.finalRecord(), 5);
        assertEquals(2, nbest.size());
        assertArrayEquals(new int[]{a, c}, nbest.get(1).words());
        assertEquals(-22 + w * LN10 * (-0.1 - 2.0 - 0.05), nbest.get(1).score(), 1e-5);
        // with one state per record kept, only the history that is better at frame 10 survives the split:
        // after a -10 + 2 ln10 (-0.1) = -10.46, after b -11 + 2 ln10 (-0.3) = -12.38, so a, and a c is all that is left
        LatticeRescorer.Rescored one = new LatticeRescorer(lm, ids(lm, "a", "b", "c"), 1).rescore(first, fin, w);
        assertEquals(2, one.lattice().numRecords());
        assertEquals(List.of(a, c), wordsOf(one.lattice().bestPath(one.finalRecord(), null)));
        assertEquals(-22 + w * LN10 * (-0.1 - 2.0 - 0.05), one.lattice().score(one.finalRecord()), 1e-5);
    }

    private static List<Integer> wordsOf(List<WordDecodeResult.DecodedWord> words) {
        return words.stream().map(WordDecodeResult.DecodedWord::word).toList();
    }

    @Test
    void rescoringWithTheFirstPassLmGivesTheFirstPassResult(@TempDir Path dir) throws IOException {
        NgramLm lm = WordDecoderTest.lm(dir);
        int[] lmWord = ids(lm, WordDecoderTest.WORDS);
        Random rnd = new Random(17);
        for (int trial = 0; trial < 20; trial++) {
            int k = trial % 2 == 0 ? 1 : 3;
            WordDecoderOptions opt = WordDecoderOptions.DEFAULT.withLmWeight(0.5 + rnd.nextDouble()).withWordInsertionPenalty(rnd.nextDouble() - 0.5);
            WordDecoder one = WordDecoderTest.decoder(lm, k, opt);
            WordDecoder two = WordDecoderTest.decoder(lm, k, opt, new LatticeRescorer(lm, lmWord, LatticeRescorer.DEFAULT_MAX_STATES));
            double[][] ll = new double[6 * k + rnd.nextInt(12)][4 * k];
            for (double[] row : ll) for (int i = 0; i < row.length; i++) row[i] = -3 * rnd.nextDouble();
            WordDecodeResult r1 = one.decode(WordDecoderTest.matrix(ll)), r2 = two.decode(WordDecoderTest.matrix(ll));
            assertArrayEquals(r1.wordIndices(), r2.wordIndices(), "trial " + trial);
            assertEquals(r1.score(), r2.score(), 1e-4, "trial " + trial);
            for (int i = 0; i < r1.words().size(); i++) {
                assertEquals(r1.words().get(i).startFrame(), r2.words().get(i).startFrame());
                assertEquals(r1.words().get(i).confidence(), r2.words().get(i).confidence(), 1e-6, "trial " + trial);
            }
            WordDecoder.Search s1 = one.newSearch(), s2 = two.newSearch();
            s1.advance(WordDecoderTest.matrix(ll));
            s2.advance(WordDecoderTest.matrix(ll));
            List<WordDecodeResult.Alternative> a1 = s1.finish(4).alternatives(), a2 = s2.finish(4).alternatives();
            assertEquals(a1.size(), a2.size());
            for (int i = 0; i < a1.size(); i++) {
                assertArrayEquals(a1.get(i).words(), a2.get(i).words(), "trial " + trial + " alternative " + i);
                assertEquals(a1.get(i).score(), a2.get(i).score(), 1e-4);
            }
        }
    }

    @Test
    void aRescorerMustMapEveryWordIntoItsVocabulary(@TempDir Path dir) throws IOException {
        NgramLm lm = WordDecoderTest.lm(dir);
        assertThrows(IllegalArgumentException.class, () -> new LatticeRescorer(lm, new int[]{lm.vocabulary().size()}, 8));
        assertThrows(IllegalArgumentException.class, () -> new LatticeRescorer(lm, ids(lm, "ab"), 0));
        // one word mapped, five in the decoder
        assertThrows(IllegalArgumentException.class,
                () -> WordDecoderTest.decoder(lm, 1, WordDecoderOptions.DEFAULT, new LatticeRescorer(lm, ids(lm, "ab"), 8)));
    }
}
