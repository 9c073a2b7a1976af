package carousel.speech.lm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link NgramLm}'s states and hash tables against a plain reference: the ARPA file parsed into a map
 * of word lists and the back-off formula applied to the full history (the last N-1 words), on random
 * sentences, for models of order 2 to 5 estimated from random text.
 */
class NgramLmReferenceTest {

    @TempDir
    Path tmp;

    /** ln P(w | history) by the back-off recursion over the listed n-grams {@code words -> {log10 p, log10 bow}}. */
    static double reference(Map<List<String>, double[]> grams, List<String> history, String w) {
        List<String> g = new ArrayList<>(history);
        g.add(w);
        double[] e = grams.get(g);
        if (e != null) {
            return e[0] * Math.log(10);
        }
        double[] h = grams.get(history);
        double bow = h == null ? 0 : h[1] * Math.log(10);
        return bow + reference(grams, history.subList(1, history.size()), w);
    }

    static Map<List<String>, double[]> parse(Path arpa) throws IOException {
        Map<List<String>, double[]> m = new HashMap<>();
        int k = 0;
        for (String line : Files.readAllLines(arpa)) {
            if (line.matches("\\\\[0-9]+-grams:")) {
                k = Integer.parseInt(line.substring(1, line.indexOf('-')));
                continue;
            }
            String[] f = line.strip().split("\\s+");
            if (k == 0 || f.length < k + 1) {
                continue;
            }
            double bow = f.length > k + 1 ? Double.parseDouble(f[k + 1]) : 0;
            m.put(List.of(Arrays.copyOfRange(f, 1, k + 1)), new double[] {Double.parseDouble(f[0]), bow});
        }
        return m;
    }

    @Test
    void statesGiveTheBackOffOfTheFullHistory() throws IOException {
        Random r = new Random(17);
        String[] words = {"a", "b", "c", "d", "e", "f", "g"};
        StringBuilder text = new StringBuilder();
        for (int s = 0; s < 300; s++) {
            int n = 1 + r.nextInt(9);
            for (int i = 0; i < n; i++) {
                // skewed: low ids often, so some n-grams repeat and others are seen once
                text.append(words[Math.min(r.nextInt(words.length), r.nextInt(words.length))]).append(i + 1 < n ? " " : "\n");
            }
        }
        Path t = tmp.resolve("text.txt");
        Files.writeString(t, text);
        for (int order = 2; order <= 5; order++) {
            TrainingText tt = TrainingText.read(t, null);
            Path arpa = tmp.resolve("lm" + order + ".arpa");
            new WittenBellEstimator(order, tt.vocabulary(), tt.sentences()).write(arpa);
            NgramLm lm = NgramLm.read(arpa);
            Map<List<String>, double[]> grams = parse(arpa);
            Vocabulary v = lm.vocabulary();
            for (int trial = 0; trial < 200; trial++) {
                List<String> history = new ArrayList<>(List.of(Vocabulary.BOS));
                int s = lm.startState();
                int len = 1 + r.nextInt(12);
                for (int i = 0; i <= len; i++) {
                    String w = i == len ? Vocabulary.EOS : words[r.nextInt(words.length)];
                    List<String> h = history.subList(Math.max(0, history.size() - (order - 1)), history.size());
                    long next = lm.next(s, v.id(w));
                    assertEquals(reference(grams, h, w), NgramLm.logProbOf(next), 1e-4,
                            "order " + order + " P(" + w + " | " + h + ")");
                    s = NgramLm.stateOf(next);
                    history.add(w);
                }
            }
        }
    }
}
