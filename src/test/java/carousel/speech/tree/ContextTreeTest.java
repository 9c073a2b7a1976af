package carousel.speech.tree;

import carousel.io.FormatException;
import carousel.speech.corpus.PhoneSet;
import carousel.speech.feature.FeatureMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class ContextTreeTest {
    static final PhoneSet ABC = new PhoneSet("abc", List.of("a", "b", "c"));
    static final int K = 3;

    /** Frames of 1-D features: every frame of phone-state (p, k) near 10p + 3k, and a's last state 20 higher before b. */
    record Utt(FeatureMatrix feats, int[] labels) {}

    static List<Utt> corpus(int n, long seed, boolean fixedOrder) {
        Random rng = new Random(seed);
        List<Utt> out = new ArrayList<>();
        for (int u = 0; u < n; u++) {
            List<Integer> phones = new ArrayList<>();
            for (int i = 0; i < 8; i++) phones.add(fixedOrder ? i % 3 : rng.nextInt(3));
            List<Integer> labels = new ArrayList<>();
            List<Float> x = new ArrayList<>();
            for (int i = 0; i < phones.size(); i++) {
                int p = phones.get(i);
                int right = i + 1 < phones.size() ? phones.get(i + 1) : -1;
                for (int k = 0; k < K; k++)
                    for (int d = 0; d < 2 + rng.nextInt(3); d++) {
                        labels.add(p * K + k);
                        double mean = 10 * p + 3 * k + (p == 0 && k == 2 && right == 1 ? 20 : 0);
                        x.add((float) (mean + rng.nextGaussian()));
                    }
            }
            float[] f = new float[x.size()];
            for (int i = 0; i < f.length; i++) f[i] = x.get(i);
            out.add(new Utt(new FeatureMatrix(f.length, 1, f), labels.stream().mapToInt(Integer::intValue).toArray()));
        }
        return out;
    }

    static TriphoneStats stats(List<Utt> utts) {
        TriphoneStats s = new TriphoneStats(3, K, 1);
        for (Utt u : utts) s.add(u.feats(), u.labels());
        return s;
    }

    static TreeBuilder.Result build(List<Utt> utts, int numStates) {
        TriphoneStats s = stats(utts);
        return new TreeBuilder(new TreeBuilder.Options(numStates, 2 * numStates, 5, 0.01)).build(s, ABC, Questions.build(s, ABC, Map.of(), 0.01));
    }

    @Test
    void splitGainEqualsHandComputation() {
        // 1-D frames: one side 0 and 2, the other 10 and 12
        PhoneSet ab = new PhoneSet("ab", List.of("a", "b"));
        GaussStats yes = new GaussStats(1), all = new GaussStats(1);
        for (float v : new float[]{0, 2}) { yes.addFrame(new float[]{v}, 0); all.addFrame(new float[]{v}, 0); }
        for (float v : new float[]{10, 12}) all.addFrame(new float[]{v}, 0);
        // all: mean 6, variance 26; each side: variance 1. L = -n/2 (1 + ln 2π + ln σ²)
        double c = 1 + Math.log(2 * Math.PI);
        assertEquals(-2 * (c + Math.log(26)), all.logLikelihood(0.01), 1e-9);
        assertEquals(-1 * c, yes.logLikelihood(0.01), 1e-9);
        double gain = TreeBuilder.splitGain(all, yes, all.logLikelihood(0.01), 0.01);
        assertEquals(2 * Math.log(26), gain, 1e-9);
        // and the builder takes that split: phone b (state 0) seen after a (0, 2) and after b (10, 12)
        TriphoneStats t = new TriphoneStats(2, 1, 1);
        t.add(new FeatureMatrix(3, 1, new float[]{5, 0, 2}), new int[]{0, 1, 1});        // a b b: one instance of b (left a)
        t.add(new FeatureMatrix(3, 1, new float[]{7, 10, 12}), new int[]{1, 1, 1});      // one b instance (left boundary)
        TreeBuilder.Result r = new TreeBuilder(new TreeBuilder.Options(3, 3, 1, 0.01)).build(t, ab, Questions.build(t, ab, Map.of(), 0.01));
        // b's frames: {0, 2} left a, {7, 10, 12} left boundary; the best split separates exactly those
        GaussStats left = new GaussStats(1), right = new GaussStats(1), both = new GaussStats(1);
        for (float v : new float[]{0, 2}) { left.addFrame(new float[]{v}, 0); both.addFrame(new float[]{v}, 0); }
        for (float v : new float[]{7, 10, 12}) { right.addFrame(new float[]{v}, 0); both.addFrame(new float[]{v}, 0); }
        double expected = left.logLikelihood(0.01) + right.logLikelihood(0.01) - both.logLikelihood(0.01);
        assertEquals(expected, r.grownLogLikelihood() - r.ciLogLikelihood(), 1e-9);
        assertEquals(3, r.tree().numStates());
        assertNotEquals(r.tree().map(new Triphone(0, 1, 1, 0)), r.tree().map(new Triphone(2, 1, 1, 0)));
    }

    @Test
    void everySeenTriphoneMapsToOneLeafOfItsPhoneStateAndUnseenDeterministically() {
        List<Utt> utts = corpus(60, 1, false);
        TreeBuilder.Result r = build(utts, 12);
        ContextTree tree = r.tree();
        assertTrue(tree.numStates() > 9 && tree.numStates() <= 12, "states " + tree.numStates());
        assertTrue(r.grownLogLikelihood() > r.ciLogLikelihood());
        assertTrue(r.tiedLogLikelihood() <= r.grownLogLikelihood() + 1e-6);
        TriphoneStats s = stats(utts);
        for (Triphone t : s.byTriphone().keySet()) {
            int leaf = tree.map(t);
            assertTrue(leaf >= 0 && leaf < tree.numStates());
            assertEquals(t.phone() * K + t.state(), tree.ciState(leaf));
        }
        // the one context that matters is found: a's last state before b vs before c
        assertNotEquals(tree.map(new Triphone(2, 0, 1, 2)), tree.map(new Triphone(2, 0, 2, 2)));
        // frame targets: tie() agrees with map() on each frame's triphone
        for (Utt u : utts.subList(0, 5)) {
            int[] tied = tree.tie(u.labels());
            Triphone[] ctx = PhoneContexts.of(u.labels(), K, 3);
            for (int t = 0; t < tied.length; t++) assertEquals(tree.map(ctx[t]), tied[t]);
        }
        // every triphone state, seen or not, reaches a leaf of its own phone-state, the same each time
        for (int l = 0; l <= 3; l++) for (int p = 0; p < 3; p++) for (int rr = 0; rr <= 3; rr++) for (int k = 0; k < K; k++) {
            Triphone t = new Triphone(l, p, rr, k);
            int leaf = tree.map(t);
            assertEquals(p * K + k, tree.ciState(leaf));
            assertEquals(leaf, tree.map(t));
        }
    }

    @Test
    void oneTriphonePerPhoneGivesTheContextIndependentSystem() {
        // phones always in the order a b c a b c ...: each phone-state has a single context (but at the ends)
        List<Utt> utts = corpus(40, 2, true);
        TriphoneStats s = stats(utts);
        TreeBuilder.Result r = new TreeBuilder(new TreeBuilder.Options(20, 40, 1000, 0.01)).build(s, ABC, Questions.build(s, ABC, Map.of(), 0.01));
        ContextTree tree = r.tree();
        assertEquals(9, tree.numStates());
        for (Utt u : utts) assertArrayEquals(u.labels(), tree.tie(u.labels()));
        assertEquals(r.ciLogLikelihood(), r.tiedLogLikelihood(), 1e-6);
    }

    @Test
    void mergingReachesTheRequestedNumberWithinPhoneStates() {
        List<Utt> utts = corpus(60, 3, false);
        TriphoneStats s = stats(utts);
        TreeBuilder.Result r = new TreeBuilder(new TreeBuilder.Options(10, 30, 5, 0.01)).build(s, ABC, Questions.build(s, ABC, Map.of(), 0.01));
        assertTrue(r.leavesGrown() > 10, "grown " + r.leavesGrown());
        assertEquals(10, r.tree().numStates());
        assertThrows(IllegalArgumentException.class, () -> new TreeBuilder(new TreeBuilder.Options(8, 16, 5, 0.01)).build(s, ABC, Questions.build(s, ABC, Map.of(), 0.01)));
    }

    @Test
    void treeFileRoundTrip(@TempDir Path dir) throws Exception {
        ContextTree tree = build(corpus(60, 4, false), 12).tree();
        Path f = dir.resolve("tree.txt");
        tree.write(f);
        ContextTree back = ContextTree.read(f);
        assertEquals(tree.numStates(), back.numStates());
        assertEquals(tree.questions().size(), back.questions().size());
        for (int l = 0; l <= 3; l++) for (int p = 0; p < 3; p++) for (int rr = 0; rr <= 3; rr++) for (int k = 0; k < K; k++) {
            Triphone t = new Triphone(l, p, rr, k);
            assertEquals(tree.map(t), back.map(t));
        }
        Path g = dir.resolve("again.txt");
        back.write(g);
        assertEquals(Files.readString(f), Files.readString(g));
    }

    @Test
    void damagedTreeFileIsOneClearError(@TempDir Path dir) throws Exception {
        ContextTree tree = build(corpus(30, 5, false), 11).tree();
        Path f = dir.resolve("tree.txt");
        tree.write(f);
        String text = Files.readString(f);
        Path bad = dir.resolve("bad.txt");
        Files.writeString(bad, text.replaceFirst("root a 0 ([^\\n]*)", "root a 0 L 9999 = 0 = 0"));
        FormatException e = assertThrows(FormatException.class, () -> ContextTree.read(bad));
        assertTrue(e.getMessage().startsWith(bad.toString()), e.getMessage());
        Files.writeString(bad, text.replace("num-states 11", "num-states 12"));
        e = assertThrows(FormatException.class, () -> ContextTree.read(bad));
        assertTrue(e.getMessage().contains("tied state 11"), e.getMessage());
        Files.writeString(bad, "hello\n");
        assertThrows(FormatException.class, () -> ContextTree.read(bad));
    }

    @Test
    void collapseSumsTiedPosteriorsPerPhoneState() {
        ContextTree tree = build(corpus(60, 6, false), 12).tree();
        float[] lp = new float[tree.numStates()];
        for (int s = 0; s < lp.length; s++) lp[s] = (float) Math.log(1.0 / lp.length);
        float[] ci = tree.collapse(lp);
        double total = 0;
        for (float v : ci) total += Math.exp(v);
        assertEquals(1.0, total, 1e-5);
        int[] perCi = new int[9];
        for (int s = 0; s < tree.numStates(); s++) perCi[tree.ciState(s)]++;
        for (int c = 0; c < 9; c++) assertEquals(Math.log((double) perCi[c] / lp.length), ci[c], 1e-5);
    }

    @Test
    void triphoneNames() {
        Triphone t = Triphone.parse("#-a+c", ABC);
        assertEquals(new Triphone(3, 0, 2, 0), t);
        assertEquals("#-a+c", t.name(ABC));
        assertThrows(IllegalArgumentException.class, () -> Triphone.parse("a-x+c", ABC));
        assertThrows(IllegalArgumentException.class, () -> Triphone.parse("abc", ABC));
    }
}
