package carousel.lag;

import carousel.tensor.Rng;
import carousel.train.Batch;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TemporalOrderTest {
    @Test
    void paperRangesAtScale100() {
        assertArrayEquals(new int[][]{{10, 20}, {50, 60}}, new TemporalOrder(2, 100).positionRanges());
        assertArrayEquals(new int[][]{{10, 20}, {33, 43}, {66, 76}}, new TemporalOrder(3, 100).positionRanges());
    }

    /** The class is the X/Y pattern (Y = 1) read as a binary number: 6a XX→Q=0, XY→R=1, YX→S=2, YY→U=3. */
    @Test
    void classesMatchTheOrderOfXAndY() {
        for (int relevant = 2; relevant <= 3; relevant++) {
            TemporalOrder task = new TemporalOrder(relevant, 100);
            int n = 400;
            Batch b = task.trainBatch(new Rng(relevant), n);
            int[][] ranges = task.positionRanges();
            int[] classCount = new int[1 << relevant];
            for (int s = 0; s < n; s++) {
                int len = b.lengths()[s];
                assertTrue(len >= 100 && len <= 110);
                assertEquals(TemporalOrder.E, PredictionChecks.symbolAt(b, 0, s));
                assertEquals(TemporalOrder.B, PredictionChecks.symbolAt(b, len - 1, s));
                int cls = 0, found = 0;
                for (int t = 1; t < len - 1; t++) {
                    int sym = PredictionChecks.symbolAt(b, t, s);
                    if (sym == TemporalOrder.X || sym == TemporalOrder.Y) {
                        int pos1 = t + 1;   // the paper counts positions from 1
                        assertTrue(pos1 >= ranges[found][0] && pos1 <= ranges[found][1], "relevant symbol " + found + " at position " + pos1);
                        cls = 2 * cls + (sym == TemporalOrder.Y ? 1 : 0);
                        found++;
                    } else assertTrue(sym >= 2 && sym <= 5, "distractors are a, b, c, d");
                }
                assertEquals(relevant, found);
                assertEquals(cls, b.classTargets()[(len - 1) * n + s]);
                for (int t = 0; t < len - 1; t++) assertEquals(-1, b.classTargets()[t * n + s]);
                classCount[cls]++;
            }
            for (int c : classCount) assertTrue(c > n / (1 << relevant) / 2, "every class occurs");
        }
    }

    @Test
    void rejectsBadParameters() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new TemporalOrder(4, 100)).getMessage().contains("2 (6a) or 3 (6b)"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new TemporalOrder(2, 10)).getMessage().contains("at least 20"));
    }
}
