package carousel.speech.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import carousel.speech.kaldi.FloatMatrix;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Topology indices and estimates, state priors and scaled likelihoods by hand. */
class HmmTopologyTest {

    @Test
    void stateIndicesFollowFrameTargets() {
        HmmTopology t = HmmTopology.fixed(48, 3, 0.5);
        assertEquals(144, t.numStates());
        assertEquals(3 * 7 + 2, t.state(7, 2));
        assertEquals(7, t.phoneOf(23));
        assertEquals(Math.log(0.5), t.logForward(23), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> HmmTopology.fixed(48, 2, 0.5));
        assertThrows(IllegalArgumentException.class, () -> HmmTopology.fixed(48, 3, 1.0));
        assertThrows(IllegalArgumentException.class, () -> t.state(7, 3));
    }

    @Test
    void estimatedSelfLoopsCountStaysAndLeaves() {
        // state 0: frames 0,1 stay, frame 2 leaves; second utterance frame 0 leaves -> 2 stays, 2 leaves
        // state 1: frame 3 stays, frame 4 leaves (end of utterance) -> 1 stay, 1 leave; state 2 never seen
        HmmTopology t = HmmTopology.estimate(3, 1, List.of(new int[] {0, 0, 0, 1, 1}, new int[] {0}));
        assertEquals((2 + 1.0) / (4 + 2), t.selfLoop(0), 1e-15);
        assertEquals((1 + 1.0) / (2 + 2), t.selfLoop(1), 1e-15);
        assertEquals(0.5, t.selfLoop(2), 1e-15);
        assertEquals(Math.log(1 - 0.5), t.logForward(0), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> HmmTopology.estimate(3, 1, List.of(new int[] {3})));
    }

    /** A weighted topology scales the ln probabilities the searches add, not the probabilities; weights compose by hand. */
    @Test
    void weightedTransitionsScaleTheLnProbabilities() {
        HmmTopology t = HmmTopology.estimate(3, 1, List.of(new int[] {0, 0, 0, 1, 1}, new int[] {0}));
        HmmTopology w = t.weighted(0.1);
        assertEquals(1.0, t.weight());
        assertEquals(0.1, w.weight());
        for (int s = 0; s < 3; s++) {
            assertEquals(0.1 * Math.log(t.selfLoop(s)), w.logSelfLoop(s), 1e-15);
            assertEquals(0.1 * Math.log1p(-t.selfLoop(s)), w.logForward(s), 1e-15);
            assertEquals(t.selfLoop(s), w.selfLoop(s), 1e-15);
        }
        assertEquals(0.05 * Math.log(t.selfLoop(0)), w.weighted(w.weight() * 0.5).logSelfLoop(0), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> t.weighted(0));
        assertThrows(IllegalArgumentException.class, () -> t.weighted(Double.NaN));
    }

    @Test
    void priorsAreCountsWithAFloor() {
        StatePriors p = StatePriors.count(3, List.of(new int[] {0, 0}, new int[] {0, 1}));
        // counts 3, 1, 0 -> floor 1: 3, 1, 1 over 5
        assertEquals(0.6, p.prior(0), 1e-15);
        assertEquals(0.2, p.prior(1), 1e-15);
        assertEquals(0.2, p.prior(2), 1e-15);
        var e = assertThrows(IllegalArgumentException.class, () -> StatePriors.count(3, List.of(new int[0])));
        assertTrue(e.getMessage().contains("no frames"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> StatePriors.count(3, List.of(new int[] {5})));
        assertThrows(IllegalArgumentException.class, () -> StatePriors.count(3, List.of(new int[] {0}), 0));
    }

    @Test
    void scaledLikelihoodIsScaleTimesPosteriorOverPrior() {
        StatePriors p = StatePriors.of(0.75, 0.25);
        FloatMatrix post = FloatMatrix.ofRows(new float[] {(float) Math.log(0.5), (float) Math.log(0.5)},
                new float[] {(float) Math.log(0.9), (float) Math.log(0.1)});
        ScaledLikelihoods d = new ScaledLikelihoods(post, p, 0.1);
        assertEquals(2, d.numFrames());
        assertEquals(2, d.numIndices());
        assertEquals(0.1 * ((float) Math.log(0.5) - Math.log(0.75)), d.logLikelihood(0, 0), 1e-12);
        assertEquals(0.1 * ((float) Math.log(0.1) - Math.log(0.25)), d.logLikelihood(1, 1), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> new ScaledLikelihoods(post, StatePriors.uniform(3), 0.1));
        assertThrows(IllegalArgumentException.class, () -> new ScaledLikelihoods(post, p, 0));
    }
}
