package carousel.speech.decode;

import carousel.speech.lm.LmFormatException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import carousel.speech.corpus.PhoneSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Witten-Bell estimates on a toy corpus by hand, perplexity, and ARPA files written, read and refused. */
class PhoneBigramTest {

    static final PhoneSet AB = ViterbiDecoderTest.AB;
    static final int A = 0;
    static final int B = 1;

    @TempDir
    Path tmp;

    // Corpus "a b", "a". Predicted tokens: a a b </s> </s>: N = 5, T0 = 3 types of the V+1 = 3 outputs.
    // Puni(w) = (c(w) + T0/3) / (N + T0): a = 3/8, b = 2/8, </s> = 3/8.
    // After <s>: c = 2 (a, a), T = 1:   P(w|<s>) = (c(<s>,w) + 1 * Puni(w)) / 3 -> a 19/24, b 2/24, </s> 3/24
    // After a:   c = 2 (b, </s>), T = 2: (c(a,w) + 2 Puni(w)) / 4         -> a 3/16, b 6/16, </s> 7/16
    // After b:   c = 1 (</s>), T = 1:    (c(b,w) + Puni(w)) / 2           -> a 3/16, b 2/16, </s> 11/16
    static PhoneBigram toy() {
        return PhoneBigram.estimate(AB, List.of(new int[] {A, B}, new int[] {A}));
    }

    @Test
    void wittenBellByHand() {
        PhoneBigram lm = toy();
        assertEquals(19.0 / 24, Math.exp(lm.logProbStart(A)), 1e-12);
        assertEquals(2.0 / 24, Math.exp(lm.logProbStart(B)), 1e-12);
        assertEquals(3.0 / 24, Math.exp(lm.logProbEmpty()), 1e-12);
        assertEquals(3.0 / 16, Math.exp(lm.logProb(A, A)), 1e-12);
        assertEquals(6.0 / 16, Math.exp(lm.logProb(A, B)), 1e-12);
        assertEquals(7.0 / 16, Math.exp(lm.logProbEnd(A)), 1e-12);
        assertEquals(3.0 / 16, Math.exp(lm.logProb(B, A)), 1e-12);
        assertEquals(2.0 / 16, Math.exp(lm.logProb(B, B)), 1e-12);
        assertEquals(11.0 / 16, Math.exp(lm.logProbEnd(B)), 1e-12);
    }

    @Test
    void everyHistorySumsToOneAndNothingIsZero() {
        PhoneSet abcd = new PhoneSet("abcd", List.of("a", "b", "c", "d")); // d never occurs
        PhoneBigram lm = PhoneBigram.estimate(abcd, List.of(new int[] {0, 1, 2, 0}, new int[] {2, 2}, new int[] {}));
        for (int h = -1; h < 4; h++) {
            double sum = 0;
            for (int w = 0; w < 4; w++) {
                double p = Math.exp(h < 0 ? lm.logProbStart(w) : lm.logProb(h, w));
                assertTrue(p > 0, "P(" + w + "|" + h + ")");
                sum += p;
            }
            sum += Math.exp(h < 0 ? lm.logProbEmpty() : lm.logProbEnd(h));
            assertEquals(1.0, sum, 1e-12, "history " + h);
        }
        // d is an unseen history: its distribution is the unigram. Tokens a b c a </s> c c </s> </s>: N = 9, T0 = 4
        // (a, b, c, </s>); Puni(d) = (0 + 4/5) / 13.
        assertEquals(0.8 / 13, Math.exp(lm.logProb(3, 3)), 1e-12);
        assertEquals((2 + 0.8) / 13, Math.exp(lm.logProb(3, 0)), 1e-12);
    }

    @Test
    void perplexityAndSentenceLogProb() {
        PhoneBigram lm = toy();
        double lp = Math.log(19.0 / 24) + Math.log(6.0 / 16) + Math.log(11.0 / 16);
        assertEquals(lp, lm.logProb(new int[] {A, B}), 1e-12);
        // held out "a b" and "b": 3 + 2 predicted tokens
        double lp2 = Math.log(2.0 / 24) + Math.log(11.0 / 16);
        assertEquals(Math.exp(-(lp + lp2) / 5), lm.perplexity(List.of(new int[] {A, B}, new int[] {B})), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> lm.perplexity(List.of()));
        assertThrows(IllegalArgumentException.class, () -> PhoneBigram.estimate(AB, List.of()));
        assertThrows(IllegalArgumentException.class, () -> PhoneBigram.estimate(AB, List.of(new int[] {2})));
    }

    @Test
    void arpaRoundTripKeepsEveryProbability() throws IOException {
        PhoneSet abcd = new PhoneSet("abcd", List.of("a", "b", "c", "d"));
        PhoneBigram lm = PhoneBigram.estimate(abcd, List.of(new int[] {0, 1, 2, 0}, new int[] {2, 2}, new int[] {1, 0}));
        Path f = tmp.resolve("lm.arpa");
        lm.save(f);
        List<String> lines = Files.readAllLines(f);
        assertEquals("\\data\\", lines.get(0));
        assertEquals("ngram 1=6", lines.get(1));
        assertTrue(lines.contains("-99.00000000\t<s>\t" + String.format(java.util.Locale.ROOT, "%.8f",
                Math.log10((1 - Math.exp(lm.logProbStart(0)) - Math.exp(lm.logProbStart(1)) - Math.exp(lm.logProbStart(2)))
                        / (1 - Math.exp(lm.logProb(3, 0)) - Math.exp(lm.logProb(3, 1)) - Math.exp(lm.logProb(3, 2)))))), lines.toString());
        PhoneBigram back = PhoneBigram.load(f, abcd);
        for (int h = 0; h < 4; h++) {
            assertEquals(lm.logProbStart(h), back.logProbStart(h), 1e-7);
            assertEquals(lm.logProbEnd(h), back.logProbEnd(h), 1e-7);
            for (int w = 0; w < 4; w++) {
                assertEquals(lm.logProb(h, w), back.logProb(h, w), 1e-7, h + " " + w);
            }
        }
        assertEquals(lm.logProbEmpty(), back.logProbEmpty(), 1e-7);
    }

    @Test
    void handMadeTableRoundTrips() throws IOException {
        PhoneBigram lm = ViterbiDecoderTest.uniformAb();
        Path f = tmp.resolve("u.arpa");
        lm.save(f);
        assertEquals(Math.log(1.0 / 3), PhoneBigram.load(f, AB).logProb(A, B), 1e-7);
        assertThrows(IllegalArgumentException.class, () -> PhoneBigram.of(AB, new double[][] {{0.5, 0.5, 0.1}, {0.3, 0.3, 0.4}, {0.3, 0.3, 0.4}}));
    }

    /** Writes the toy model, replaces line {@code lineNo} (1-based) and expects the load to fail naming file:line. */
    private void expectBadLine(int lineNo, String replacement, String messagePart) throws IOException {
        Path f = tmp.resolve("bad" + lineNo + ".arpa");
        toy().save(f);
        List<String> lines = new ArrayList<>(Files.readAllLines(f));
        lines.set(lineNo - 1, replacement);
        Files.write(f, lines);
        LmFormatException e = assertThrows(LmFormatException.class, () -> PhoneBigram.load(f, AB));
        assertTrue(e.getMessage().startsWith(f + ":" + lineNo + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(messagePart), e.getMessage());
        assertEquals(lineNo, e.line());
    }

    @Test
    void malformedFilesNameFileAndLine() throws IOException {
        // toy file: 1 \data\, 2 ngram 1=4, 3 ngram 2=4, 4 blank, 5 \1-grams:, 6 <s>, 7 a, 8 b, 9 </s>, 10 blank,
        // 11 \2-grams:, 12 <s> a, 13 a b, 14 a </s>, 15 b </s>, 16 blank, 17 \end\
        expectBadLine(1, "hello", "expected the \\data\\ header");
        expectBadLine(7, "-0.4\tx\t-0.1", "unigram 'x' is not in ab");
        expectBadLine(7, "minus\ta\t-0.1", "not a number: 'minus'");
        expectBadLine(7, "0.5\ta\t-0.1", "log10 probability must be a number <= 0");
        expectBadLine(12, "-0.1 a", "expected 'log10prob phone phone [backoff]'");
        expectBadLine(12, "-0.1 </s> a", "history '</s>' is not <s> or a phone");
        expectBadLine(12, "-0.1 a <s>", "'<s>' is not </s> or a phone");
    }

    @Test
    void inconsistentFilesAreRefused() throws IOException {
        Path f = tmp.resolve("x.arpa");
        toy().save(f);
        String text = Files.readString(f);
        Files.writeString(f, text.replace("\\end\\", ""));
        assertTrue(assertThrows(LmFormatException.class, () -> PhoneBigram.load(f, AB)).getMessage()
                .equals(f + ": ends without \\end\\"));
        Files.writeString(f, text.replace("ngram 2=4", "ngram 2=5"));
        assertTrue(assertThrows(LmFormatException.class, () -> PhoneBigram.load(f, AB)).getMessage()
                .contains("declares ngram 2=5 but 4 are listed"));
        PhoneSet abc = new PhoneSet("abc", List.of("a", "b", "c"));
        Files.writeString(f, text);
        assertTrue(assertThrows(LmFormatException.class, () -> PhoneBigram.load(f, abc)).getMessage()
                .contains("no unigram for 'c'"));
        // a changed probability no longer sums to one after a
        String changed = text.replaceFirst("(?m)^[-0-9.]+\ta b$", "-0.01\ta b");
        Files.writeString(f, changed);
        assertTrue(assertThrows(LmFormatException.class, () -> PhoneBigram.load(f, AB)).getMessage()
                .contains("probabilities after 'a' sum to"));
    }
}
