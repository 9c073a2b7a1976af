package carousel.speech.decode;

import carousel.speech.lm.NgramLm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The word search on a hand-made lexicon, LM and acoustic scores: known best paths, and the best
 * score checked against a brute-force reference that aligns every word sequence of up to three words
 * (with every choice of optional silence) by plain Viterbi.
 */
class WordDecoderTest {
    // phones: 0 sil, 1 a, 2 b, 3 c
    private static final int SIL = 0, A = 1, B = 2, C = 3;
    /**
     * LM weight 1 and no word penalty: the hand-made cases below (acoustic scores of 0 and -5, not scaled) were
     * worked out at this point, not at {@link WordDecoderOptions#DEFAULT}'s, which is tuned for scaled likelihoods.
     */
    static final WordDecoderOptions UNIT = new WordDecoderOptions(1.0, 0.0, 0.5, 16.0, 7000, 8.0);
    static final String[] WORDS = {"ab", "ac", "b", "ca", "cab"};
    private static final int[][] PRONS = {{A, B}, {A, C}, {B}, {C, A}, {C, A, B}};

    /** A bigram over the five words (log10 in the file, as ARPA). */
    private static final String ARPA = """
            \\data\\
            ngram 1=7
            ngram 2=6

            \\1-grams:
            -0.8\t</s>
            -99\t<s>\t-0.3
            -0.6\tab\t-0.2
            -0.9\tac\t-0.1
            -0.7\tb\t-0.25
            -0.8\tca\t-0.2
            -1.2\tcab\t-0.1

            \\2-grams:
            -0.2\t<s> ab
            -0.5\tab ca
            -0.3\tca </s>
            -0.4\tb </s>
            -0.6\tac b
            -0.9\t<s> cab

            \\end\\
            """;

    static NgramLm lm(Path dir) throws IOException {
        Path f = dir.resolve("test.arpa");
        Files.writeString(f, ARPA);
        return NgramLm.read(f);
    }

    static WordDecoder decoder(NgramLm lm, int statesPerPhone, WordDecoderOptions opt) {
        return decoder(lm, statesPerPhone, opt, null);
    }

    /** With a second pass over the same words ({@code null}: none). */
    static WordDecoder decoder(NgramLm lm, int statesPerPhone, WordDecoderOptions opt, LatticeRescorer rescorer) {
        int[] lmWord = new int[WORDS.length];
        float[] unigram = new float[WORDS.length];
        for (int w = 0; w < WORDS.length; w++) {
            lmWord[w] = lm.vocabulary().id(WORDS[w]);
            unigram[w] = lm.logProb(lm.emptyState(), lmWord[w]);
        }
        LexiconTree tree = LexiconTree.build(Arrays.asList(PRONS), new int[]{0, 1, 2, 3, 4}, unigram, 4);
        HmmTopology topo = HmmTopology.fixed(4, statesPerPhone, 0.6);
        return new WordDecoder(topo, tree, lm, lmWord, SIL, opt, rescorer);
    }

    /** Scores with one clearly best phone per frame (+0 for it, -5 for the others). */
    private static Decodable frames(int statesPerPhone, int... phonePerFrame) {
        int s = 4 * statesPerPhone;
        double[][] ll = new double[phonePerFrame.length][s];
        for (int t = 0; t < ll.length; t++)
            for (int i = 0; i < s; i++) ll[t][i] = i / statesPerPhone == phonePerFrame[t] ? 0 : -5;
        return matrix(ll);
    }

    static Decodable matrix(double[][] ll) {
        return new Decodable() {
            @Override public int numFrames() { return ll.length; }
            @Override public int numIndices() { return ll[0].length; }
            @Override public double logLikelihood(int frame, int index) { return ll[frame][index]; }
        };
    }

    static List<String> words(WordDecodeResult r) {
        List<String> l = new ArrayList<>();
        for (int w : r.wordIndices()) l.add(WORDS[w]);
        return l;
    }

    @Test
    void clearAcousticsGiveTheirWordsWithTimes(@TempDir Path dir) throws IOException {
        WordDecoder d = decoder(lm(dir), 1, UNIT);
        // sil sil a a b b sil c c a a a sil
        WordDecodeResult r = d.decode(frames(1, SIL, SIL, A, A, B, B, SIL, C, C, A, A, A, SIL));
        assertEquals(List.of("ab", "ca"), words(r));
        assertTrue(r.reachedEnd());
        assertWord(0, 2, 6, r.words().get(0));
        assertWord(3, 7, 12, r.words().get(1));
        // nothing else comes near: the lattice is sure of both
        for (WordDecodeResult.DecodedWord w : r.words()) assertTrue(w.confidence() > 0.99, w.toString());
    }

    private static void assertWord(int word, int start, int end, WordDecodeResult.DecodedWord w) {
        assertEquals(word, w.word(), w.toString());
        assertEquals(start, w.startFrame(), w.toString());
        assertEquals(end, w.endFrame(), w.toString());
    }

    @Test
    void theLanguageModelBreaksAnAcousticTie(@TempDir Path dir) throws IOException {
        NgramLm lm = lm(dir);
        WordDecoder d = decoder(lm, 1, UNIT.withSilenceProb(0));
        // "ca" then "b" or "cab": the same phones c a b; frames favour them equally either way
        WordDecodeResult r = d.decode(frames(1, C, C, A, A, B, B));
        // P(cab | <s>) = 10^-0.9 against P(ca | <s>) P(b | ca) = 10^(-0.8-0.3) * 10^(-0.2-0.7) (back-offs): cab wins
        assertEquals(List.of("cab"), words(r));
    }

    @Test
    void bestScoreEqualsBruteForceOnRandomScores(@TempDir Path dir) throws IOException {
        NgramLm lm = lm(dir);
        Random rnd = new Random(3);
        for (int statesPerPhone : new int[]{1, 3}) {
            for (int trial = 0; trial < 12; trial++) {
                WordDecoderOptions opt = new WordDecoderOptions(0.5 + rnd.nextDouble(), rnd.nextDouble() - 0.5, trial % 3 == 0 ? 0 : 0.3,
                        Double.POSITIVE_INFINITY, 1_000_000);
                WordDecoder d = decoder(lm, statesPerPhone, opt);
                int frames = 4 * statesPerPhone + rnd.nextInt(6);
                double[][] ll = new double[frames][4 * statesPerPhone];
                for (double[] row : ll) for (int i = 0; i < row.length; i++) row[i] = -3 * rnd.nextDouble();
                WordDecodeResult r = d.decode(matrix(ll));
                double ref = BruteForce.best(lm, d, ll, opt);
                assertEquals(ref, r.score(), 1e-6, "K=" + statesPerPhone + " trial " + trial);
                assertTrue(r.reachedEnd());
                // the words returned score exactly the best score when force-aligned
                assertEquals(ref, BruteForce.bestForWords(lm, d, ll, opt, r.wordIndices()), 1e-6);
            }
        }
    }

    @Test
    void nBestAndConfidencesComeFromTheLattice(@TempDir Path dir) throws IOException {
        NgramLm lm = lm(dir);
        Random rnd = new Random(11);
        for (int trial = 0; trial < 8; trial++) {
            WordDecoderOptions opt = UNIT.withBeam(Double.POSITIVE_INFINITY).withMaxActive(1_000_000).withLatticeBeam(30);
            WordDecoder d = decoder(lm, 1, opt);
            double[][] ll = new double[6 + rnd.nextInt(5)][4];
            for (double[] row : ll) for (int i = 0; i < row.length; i++) row[i] = -3 * rnd.nextDouble();
            WordDecoder.Search s = d.newSearch();
            s.advance(matrix(ll));
            WordDecodeResult r = s.finish(5);
            assertTrue(r.alternatives().size() >= 2, "a lattice with a 30-unit beam holds several word sequences: " + r.alternatives().size());
            assertArrayEquals(r.wordIndices(), r.alternatives().get(0).words(), "the first of the n best is the best path");
            assertEquals(r.score(), r.alternatives().get(0).score(), 1e-9);
            java.util.Set<String> distinct = new java.util.HashSet<>();
            double previous = Double.POSITIVE_INFINITY;
            for (WordDecodeResult.Alternative a : r.alternatives()) {
                assertTrue(distinct.add(Arrays.toString(a.words())), "distinct sequences");
                assertTrue(a.score() <= previous + 1e-9, "best first");
                previous = a.score();
                // each is the score of a real path of its words: at most the best alignment of those words
                assertTrue(a.score() <= BruteForce.bestForWords(lm, d, ll, opt, a.words()) + 1e-6, Arrays.toString(a.words()));
            }
            for (WordDecodeResult.DecodedWord w : r.words()) assertTrue(w.confidence() > 0 && w.confidence() <= 1, w.toString());
        }
    }

    @Test
    void theLatticeStaysBoundedOnLongInputToo(@TempDir Path dir) throws IOException {
        WordDecoder d = decoder(lm(dir), 1, UNIT);
        int[] pattern = {SIL, A, A, B, B, SIL, C, C, A, A};
        int n = 30_000;
        int[] phones = new int[n];
        for (int t = 0; t < n; t++) phones[t] = pattern[t % pattern.length];
        WordDecoder.Search s = d.newSearch();
        s.advance(frames(1, phones));
        // pruned to the lattice beam: a few records per word, not every word end of every frame
        assertTrue(s.numRecords() < 3 * 2 * n / pattern.length + 40_000, "records " + s.numRecords());
        assertEquals(2 * n / pattern.length, s.finish().words().size());
    }

    @Test
    void maxActiveBoundsTheTokensAndKeepsTheClearPath(@TempDir Path dir) throws IOException {
        WordDecoder d = decoder(lm(dir), 3, UNIT.withMaxActive(20));
        WordDecoder.Search s = d.newSearch();
        s.advance(frames(3, SIL, SIL, SIL, A, A, A, B, B, B, SIL, SIL, SIL, C, C, C, A, A, A, SIL, SIL, SIL));
        assertTrue(s.maxActiveTokens() <= 20 + 5, "tokens " + s.maxActiveTokens());   // ties at the threshold may keep a few more
        assertEquals(List.of("ab", "ca"), words(s.finish()));
    }

    @Test
    void recordsAreReclaimedOnLongInput(@TempDir Path dir) throws IOException {
        WordDecoder d = decoder(lm(dir), 1, UNIT.withLatticeBeam(0));
        int[] pattern = {SIL, A, A, B, B, SIL, C, C, A, A};
        int n = 30_000;
        int[] phones = new int[n];
        for (int t = 0; t < n; t++) phones[t] = pattern[t % pattern.length];
        WordDecoder.Search s = d.newSearch();
        s.advance(frames(1, phones));
        assertTrue(s.numRecords() < 40_000, "records " + s.numRecords());
        WordDecodeResult r = s.finish();
        assertEquals(2 * n / pattern.length, r.words().size());
        // words tile the time line in order
        int prevEnd = 0;
        for (WordDecodeResult.DecodedWord w : r.words()) {
            assertTrue(w.startFrame() >= prevEnd);
            prevEnd = w.endFrame();
        }
    }

    @Test
    void frameByFrameEqualsWholeUtterance(@TempDir Path dir) throws IOException {
        WordDecoder d = decoder(lm(dir), 3, UNIT);
        Random rnd = new Random(5);
        double[][] ll = new double[40][12];
        for (double[] row : ll) for (int i = 0; i < row.length; i++) row[i] = -4 * rnd.nextDouble();
        WordDecodeResult whole = d.decode(matrix(ll));
        WordDecoder.Search s = d.newSearch();
        for (int t = 0; t < ll.length; t++) {
            double[][] prefix = Arrays.copyOf(ll, t + 1);
            s.acceptFrame(matrix(prefix), t);
            s.partial();
        }
        WordDecodeResult streamed = s.finish();
        assertArrayEquals(whole.wordIndices(), streamed.wordIndices());
        assertEquals(whole.score(), streamed.score(), 0);
    }
    @Test
    void aResetOrRecycledSearchGivesWhatANewSearchGives(@TempDir Path dir) throws IOException {
        WordDecoder d = decoder(lm(dir), 3, UNIT.withLatticeBeam(30));
        Random rnd = new Random(17);
        WordDecoder.Search reused = d.newSearch();
        int[] pattern = {SIL, A, A, B, B, SIL, C, C, A, A};   // first a long utterance: grown tables, reclaimed records
        int[] phones = new int[20_000];
        for (int t = 0; t < phones.length; t++) phones[t] = pattern[t % pattern.length];
        reused.advance(frames(3, phones));
        reused.finish(3);
        for (int trial = 0; trial < 6; trial++) {
            double[][] ll = new double[10 + rnd.nextInt(40)][12];
            for (double[] row : ll) for (int i = 0; i < row.length; i++) row[i] = -4 * rnd.nextDouble();
            if (trial % 2 == 0) {
                reused.reset();
            } else {   // or handed back and taken again: the decoder resets it
                d.recycle(reused);
                WordDecoder.Search again = d.newSearch();
                assertSame(reused, again);
            }
            assertEquals(0, reused.framesDecoded());
            reused.advance(matrix(ll));
            WordDecoder.Search fresh = d.newSearch();
            fresh.advance(matrix(ll));
            assertEquals(fresh.bestPathId(), reused.bestPathId(), "trial " + trial);
            assertEquals(fresh.partial().toString(), reused.partial().toString());
            WordDecodeResult a = fresh.finish(4), b = reused.finish(4);
            assertArrayEquals(a.wordIndices(), b.wordIndices(), "trial " + trial);
            assertEquals(a.score(), b.score(), 0);
            assertEquals(a.words().toString(), b.words().toString(), "times and confidences");
            assertEquals(a.alternatives().size(), b.alternatives().size());
            for (int n = 0; n < a.alternatives().size(); n++) {
                assertArrayEquals(a.alternatives().get(n).words(), b.alternatives().get(n).words());
                assertEquals(a.alternatives().get(n).score(), b.alternatives().get(n).score(), 0);
            }
        }
    }
}
