package carousel.speech.decode;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link TokenMap} against a simple reference: one map entry per token key, the tokens in first-insertion
 * order (the word search's tie-break), a better score replacing record and payload (an equal one not), pruning
 * keeping the order; over a few frames that reuse the table, many keys in one hash neighbourhood.
 */
class TokenMapTest {
    /** The reference: a token per key, in first-insertion order. */
    private static final class Reference {
        final List<Long> order = new ArrayList<>();
        final Map<Long, double[]> best = new HashMap<>();   // key -> {score, record, payload}

        void relax(long key, double score, int record, int payload) {
            double[] e = best.get(key);
            if (e == null) {
                order.add(key);
                best.put(key, new double[]{score, record, payload});
            } else if (score > e[0]) {
                e[0] = score;
                e[1] = record;
                e[2] = payload;
            }
        }

        void retainAtLeast(double threshold) {
            order.removeIf(key -> !(best.get(key)[0] >= threshold));
        }
    }

    @Test
    void sameTokensScoresAndOrderAsTheReference() {
        Random rnd = new Random(20);
        for (int k : new int[]{1, 3, 4}) {
            TokenMap map = new TokenMap();
            for (int frame = 0; frame < 6; frame++) {
                map.clear();
                Reference ref = new Reference();
                int n = 200 + rnd.nextInt(5000);
                for (int i = 0; i < n; i++) {
                    int lm = rnd.nextInt(40), node = rnd.nextInt(60), pos = rnd.nextInt(k);
                    long instanceKey = ((long) lm << 32) | (node * k);   // as the word search's keys: (LM state, node * K + position)
                    double score = -rnd.nextInt(50) * 0.5;   // coarse: many equal scores, whose first arrival must stay
                    int record = rnd.nextInt(1000), payload = rnd.nextInt(1000);
                    map.relax(instanceKey + pos, score, record, payload);
                    ref.relax(instanceKey + pos, score, record, payload);
                }
                double threshold = -rnd.nextInt(30) * 0.5;
                map.retainAtLeast(threshold);
                ref.retainAtLeast(threshold);
                assertEquals(ref.order.size(), map.size, "k " + k + " frame " + frame);
                for (int i = 0; i < map.size; i++) {
                    long key = ref.order.get(i);
                    double[] e = ref.best.get(key);
                    assertEquals(key, map.keys[i]);
                    assertEquals(e[0], map.scores[i]);
                    assertEquals((int) e[1], map.records[i]);
                    assertEquals((int) e[2], map.payload[i]);
                }
            }
        }
    }
}
