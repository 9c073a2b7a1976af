package carousel.lag;

import carousel.tensor.Rng;
import carousel.train.Batch;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContinualReberTest {
    /** Chunks continue each other: inputs read in order are a concatenation of grammatical strings, and each target is the next input. */
    @Test
    void streamsAreConcatenatedEmbeddedStringsReadChunkByChunk() {
        ContinualReber task = new ContinualReber(10, 1000);
        ContinualTask.Streams streams = task.streams(new Rng(1), 3);
        List<List<Integer>> symbols = new ArrayList<>();
        for (int b = 0; b < 3; b++) symbols.add(new ArrayList<>());
        int[] lastTarget = {-1, -1, -1};
        for (int chunk = 0; chunk < 20; chunk++) {
            Batch c = streams.next(7);
            assertEquals(7, c.steps());
            for (int b = 0; b < 3; b++)
                for (int t = 0; t < 7; t++) {
                    int in = PredictionChecks.symbolAt(c, t, b);
                    if (lastTarget[b] >= 0) assertEquals(lastTarget[b], in, "the previous target is this input");
                    lastTarget[b] = c.classTargets()[t * 3 + b];
                    symbols.get(b).add(in);
                }
        }
        for (List<Integer> s : symbols) {
            int strings = splitIntoStrings(s);
            assertTrue(strings >= 5, "140 symbols hold several strings: " + strings);
        }
    }

    /** Splits at each final E followed by B and checks every complete piece; returns how many. */
    static int splitIntoStrings(List<Integer> s) {
        int state = ReberGrammar.START, count = 0;
        for (int sym : s) {
            state = ReberGrammar.next(state, sym);
            assertTrue(state >= 0, "ungrammatical stream " + s);
            if (ReberGrammar.isEnd(state)) { count++; state = ReberGrammar.START; }
        }
        return count;
    }

    @Test
    void restartBeginsANewString() {
        ContinualReber task = new ContinualReber(10, 1000);
        ContinualTask.Streams streams = task.streams(new Rng(2), 2);
        streams.next(4);   // both streams are inside their first string
        streams.restart(1);
        Batch c = streams.next(3);
        assertEquals(ReberGrammar.B, PredictionChecks.symbolAt(c, 0, 1));
        int targetOfStep0 = c.classTargets()[1];   // (t = 0, b = 1)
        assertTrue(targetOfStep0 == ReberGrammar.T || targetOfStep0 == ReberGrammar.P, "a new string: B, then T or P");
    }

    @Test
    void predictionTestIsSquaredErrorBelow049() {
        ContinualReber task = new ContinualReber(10, 1000);
        Batch c = task.streams(new Rng(3), 1).next(2);   // B then T/P: target of step 0 is T or P
        carousel.tensor.Tensor out = carousel.tensor.Tensor.f32(2, 1, 7);
        int target0 = c.classTargets()[0], target1 = c.classTargets()[1];
        out.f[target0] = 0.5f;
        out.f[target0 == ReberGrammar.T ? ReberGrammar.P : ReberGrammar.T] = 0.5f;   // 50/50 at the branch: (0.5)² < 0.49
        out.f[7 + target1] = 1f;
        assertEquals(-1, task.firstErrors(out, c)[0]);
        out.f[target0] = 0.29f;   // (0.71)² = 0.504 >= 0.49
        assertEquals(0, task.firstErrors(out, c)[0]);
    }
}
