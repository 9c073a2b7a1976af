package carousel.speech.lm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reader and the back-off arithmetic on a hand-made trigram ({@code fixtures/lm/hand3.arpa}):
 * <pre>
 *   1-grams: </s> -1.0 | <s> -99 bow -0.5 | a -0.5 bow -0.3 | b -0.6 bow -0.2
 *   2-grams: <s> a -0.2 bow -0.1 | a b -0.4 bow -0.15 | b a -0.3 | a </s> -0.7
 *   3-grams: <s> a b -0.1 | a b a -0.25
 * </pre>
 * Every expected value below is worked out by hand in log10 and multiplied by ln 10.
 */
class ArpaReaderTest {

    static final Path HAND3 = Path.of("src/test/resources/fixtures/lm/hand3.arpa");
    static final double LN10 = Math.log(10);

    @TempDir
    Path tmp;

    @Test
    void handComputedBackOff() throws IOException {
        NgramLm lm = NgramLm.read(HAND3);
        Vocabulary v = lm.vocabulary();
        int a = v.id("a");
        int b = v.id("b");
        assertEquals(3, lm.order());
        assertEquals(4, lm.count(1));
        assertEquals(4, lm.count(2));
        assertEquals(2, lm.count(3));
        assertEquals(4, v.size());
        assertEquals(-1, v.unk());

        int s0 = lm.startState();
        assertEquals(1, lm.stateLength(s0));
        // P(a | <s>): the bigram "<s> a" is listed: -0.2; the state becomes "<s> a" (it has a trigram after it)
        long r = lm.next(s0, a);
        assertEquals(-0.2 * LN10, NgramLm.logProbOf(r), 1e-5);
        int sA = NgramLm.stateOf(r);
        assertEquals(2, lm.stateLength(sA));
        // P(b | <s> a): the trigram is listed: -0.1; the state is its suffix "a b" (listed, extended by "a b a")
        r = lm.next(sA, b);
        assertEquals(-0.1 * LN10, NgramLm.logProbOf(r), 1e-5);
        int sAB = NgramLm.stateOf(r);
        assertEquals(2, lm.stateLength(sAB));
        // P(a | a b): trigram "a b a" -0.25; the suffix "b a" is listed but has no bow and nothing after it,
        // so the state is "a"
        r = lm.next(sAB, a);
        assertEquals(-0.25 * LN10, NgramLm.logProbOf(r), 1e-5);
        int sA1 = NgramLm.stateOf(r);
        assertEquals(1, lm.stateLength(sA1));
        // P(</s> | a): bigram "a </s>" -0.7
        assertEquals(-0.7 * LN10, lm.finalLogProb(sA1), 1e-5);
        // the sentence "a b a": -0.2 - 0.1 - 0.25 - 0.7 = -1.25
        assertEquals(-1.25 * LN10, lm.sentenceLogProb(new int[] {a, b, a}), 1e-5);

        // P(a | <s> a): no "<s> a a" -> bow(<s> a) -0.1; no "a a" -> bow(a) -0.3; P(a) -0.5: -0.9, state "a"
        r = lm.next(sA, a);
        assertEquals(-0.9 * LN10, NgramLm.logProbOf(r), 1e-5);
        assertEquals(sA1, NgramLm.stateOf(r));
        // P(</s> | a b): no trigram -> bow(a b) -0.15; no "b </s>" -> bow(b) -0.2; P(</s>) -1.0: -1.35
        assertEquals(-1.35 * LN10, lm.finalLogProb(sAB), 1e-5);
        // P(b | <s>): no "<s> b" -> bow(<s>) -0.5 + P(b) -0.6 = -1.1, state "b"
        r = lm.next(s0, b);
        assertEquals(-1.1 * LN10, NgramLm.logProbOf(r), 1e-5);
        int sB = NgramLm.stateOf(r);
        // P(b | b): -0.2 - 0.6 = -0.8, state "b" again
        r = lm.next(sB, b);
        assertEquals(-0.8 * LN10, NgramLm.logProbOf(r), 1e-5);
        assertEquals(sB, NgramLm.stateOf(r));
        // "b a": listed bigram -0.3; the state is "a" (equal futures: P(b | b a) = bow(b a)=0 + P(b | a) = -0.4)
        r = lm.next(sB, a);
        assertEquals(-0.3 * LN10, NgramLm.logProbOf(r), 1e-5);
        assertEquals(sA1, NgramLm.stateOf(r));
        assertEquals(-0.4 * LN10, lm.logProb(sA1, b), 1e-5);
        // the empty sentence: no "<s> </s>" -> bow(<s>) -0.5 + P(</s>) -1.0
        assertEquals(-1.5 * LN10, lm.finalLogProb(s0), 1e-5);
        // after </s> nothing is a context: the empty state, unigram probabilities
        r = lm.next(sA1, v.eos());
        assertEquals(lm.emptyState(), NgramLm.stateOf(r));
        assertEquals(-0.6 * LN10, lm.logProb(lm.emptyState(), b), 1e-5);
        assertNotEquals(sA, sA1);
        assertThrows(IllegalArgumentException.class, () -> lm.next(s0, 4));
    }

    @Test
    void fourGramsAndNumbersInAnyForm() throws IOException {
        Path f = tmp.resolve("four.arpa");
        Files.writeString(f, """
                \\data\\
                ngram 1=3
                ngram 2=2
                ngram 3=1
                ngram 4=1

                \\1-grams:
                -1e0 </s>
                -99 <s> -2.5E-1
                -0.30103 x -0.1

                \\2-grams:
                -0.5 <s> x -0.2
                -0.25 x x 0

                \\3-grams:
                -0.125 <s> x x -0.05

                \\4-grams:
                -0.0625 <s> x x x
                \\end\\
                """);
        NgramLm lm = NgramLm.read(f);
        int x = lm.vocabulary().id("x");
        assertEquals(4, lm.order());
        // P(x | <s>) = "<s> x" -0.5; P(x | <s> x) = "<s> x x" -0.125; P(x | <s> x x) = the 4-gram -0.0625;
        // the state after it: "x x" is listed but has bow 0 and no trigram after it, so "x" (bow -0.1);
        // P(</s> | x): no "x </s>" -> bow(x) -0.1 + P(</s>) -1 = -1.1. Total -0.5 - 0.125 - 0.0625 - 1.1
        assertEquals(-1.7875 * LN10, lm.sentenceLogProb(new int[] {x, x, x}), 1e-5);
    }

    private String readError(String content) throws IOException {
        Path f = tmp.resolve("bad.arpa");
        Files.write(f, content.getBytes(StandardCharsets.ISO_8859_1));
        LmFormatException e = assertThrows(LmFormatException.class, () -> NgramLm.read(f));
        assertTrue(e.getMessage().startsWith(f.toString() + ":"), e.getMessage());
        return e.getMessage().substring(f.toString().length());
    }

    private static final String HEAD = "\\data\\\nngram 1=3\nngram 2=1\n\n\\1-grams:\n-1 </s>\n-99 <s> -0.5\n";

    @Test
    void badFilesNameFileAndLine() throws IOException {
        String good = HEAD + "-0.5 a -0.1\n\\2-grams:\n-0.2 <s> a\n\\end\\\n";
        assertEquals(2, NgramLm.read(write(good)).order());
        assertEquals(":8: invalid UTF-8 in the word", readError(good.replace("-0.5 a", "-0.5 \u00e9")));
        assertEquals(":10: word 'b' is not among the unigrams", readError(good.replace("<s> a\n", "<s> b\n")));
        assertEquals(":10: a 2-gram of the top order cannot have a back-off weight",
                readError(good.replace("<s> a\n", "<s> a -0.3\n")));
        assertEquals(":8: log10 probability must be a number <= 0, got '0.5'", readError(good.replace("-0.5 a", "0.5 a")));
        assertEquals(":8: not a number: 'minus'", readError(good.replace("-0.5 a", "minus a")));
        assertEquals(":8: unigram '</s>' listed twice", readError(good.replace("-0.5 a", "-0.5 </s>")));
        assertEquals(":11: more 2-grams than the 1 declared in \\data\\", readError(good.replace("<s> a\n", "<s> a\n-0.1 a a\n")));
        assertEquals(":11: \\data\\ declares ngram 2=2 but 1 are listed", readError(good.replace("ngram 2=1", "ngram 2=2")));
        assertEquals(": ends without \\end\\", readError(good.replace("\\end\\\n", "")));
        assertEquals(": no \\data\\ header (not an ARPA file)", readError("hello\n"));
        assertEquals(":3: declares 1000000000 n-grams, more than a file of 106 bytes can hold",
                readError(good.replace("ngram 2=1", "ngram 2=999999997")));
        assertEquals(": the unigrams lack <s>", readError(good.replace("<s>", "<t>")));
        assertEquals(":11: n-gram listed twice",
                readError(good.replace("ngram 2=1", "ngram 2=2").replace("<s> a\n", "<s> a\n-0.3 <s> a\n")));
    }

    private Path write(String s) throws IOException {
        Path f = tmp.resolve("ok.arpa");
        Files.writeString(f, s);
        return f;
    }
}
