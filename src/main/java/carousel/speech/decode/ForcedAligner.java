package carousel.speech.decode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Forced alignment: the best path of a known word sequence through the frames, by Viterbi over the
 * chain of its phones' HMM states, with optional silence before, between and after the words (the
 * aligner of sphinx4 and Kaldi's {@code align-equal-compiled}/{@code gmm-align} in spirit). Each word
 * has one pronunciation here (the caller picks it); the result gives every phone's and word's frames.
 *
 * <p>The chain is a list of units (phones), each of K states; a unit is entered at its first state
 * from the last state of the unit before it, or, when that one is an optional silence, from the last
 * state of the unit before the silence (the silence skipped). Scores: the acoustic log-likelihoods of
 * the {@link Decodable}, the self-loop and forward transitions of the {@link HmmTopology}; no language
 * model. Memory O(T × S) back-pointers for S chain states: meant for utterances, not hours.
 */
public final class ForcedAligner {
    private final HmmTopology topology;
    private final int silencePhone;

    /** @param silencePhone the topology's silence phone (−1: no optional silence) */
    public ForcedAligner(HmmTopology topology, int silencePhone) {
        this.topology = Objects.requireNonNull(topology, "topology");
        if (silencePhone < -1 || silencePhone >= topology.numPhones())
            throw new IllegalArgumentException("silence phone " + silencePhone + " outside the topology's " + topology.numPhones() + " phones");
        this.silencePhone = silencePhone;
    }

    /** One aligned phone (frames {@code [start, end)}) and the word it belongs to (−1: silence). */
    public record Segment(int phone, int word, int startFrame, int endFrame) {}

    /**
     * The alignment: every phone, silences included, in order, covering all frames; its score; and the
     * HMM state of every frame (T), indexed as the topology's ({@code phone * K + k}).
     */
    public record Alignment(List<Segment> phones, double score, int[] frameStates) {
        /** The words' spans: for word i, {@code [start, end)} frames. */
        public int[][] wordFrames(int numWords) {
            int[][] spans = new int[numWords][];
            for (Segment s : phones) {
                if (s.word() < 0) continue;
                if (spans[s.word()] == null) spans[s.word()] = new int[]{s.startFrame(), s.endFrame()};
                else spans[s.word()][1] = s.endFrame();
            }
            return spans;
        }
    }

    /**
     * Aligns the words (each a phone-index pronunciation) to all frames of {@code d}.
     *
     * @throws IllegalArgumentException when the frames are too few for the words' states
     */
    public Alignment align(Decodable d, List<int[]> pronunciations) {
        topology.checkDecodable(d);
        // the units: [sil] w0 phones [sil] w1 phones ... [sil]
        List<int[]> units = new ArrayList<>();   // {phone, word, optional}
        boolean sil = silencePhone >= 0;
        if (sil) units.add(new int[]{silencePhone, -1, 1});
        for (int w = 0; w < pronunciations.size(); w++) {
            int[] p = pronunciations.get(w);
            if (p.length == 0) throw new IllegalArgumentException("word " + w + " has an empty pronunciation");
            for (int ph : p) {
                if (ph < 0 || ph >= topology.numPhones()) throw new IllegalArgumentException("phone " + ph + " outside the topology");
                units.add(new int[]{ph, w, 0});
            }
            if (sil) units.add(new int[]{silencePhone, -1, 1});
        }
        int k = topology.statesPerPhone(), U = units.size(), S = U * k, T = d.numFrames();
        int required = 0;
        for (int[] u : units) if (u[2] == 0) required += k;
        if (required == 0) throw new IllegalArgumentException("nothing to align: no words");
        if (T < required) throw new IllegalArgumentException(T + " frames are too few for the " + required + " HMM states of the words");
        double[] score = new double[S], next = new double[S];
        int[][] back = new int[T][S];   // (T, S) the previous chain state of the best path
        Arrays.fill(score, Double.NEGATIVE_INFINITY);
        // frame 0: the first unit, or the second when the first is an optional silence
        for (int u = 0; u < U; u++) {
            score[u * k] = d.logLikelihood(0, units.get(u)[0] * k);
            back[0][u * k] = -1;
            if (units.get(u)[2] == 0) break;
        }
        for (int t = 1; t < T; t++) {
            Arrays.fill(next, Double.NEGATIVE_INFINITY);
            for (int u = 0; u < U; u++) {
                int phone = units.get(u)[0];
                for (int j = 0; j < k; j++) {
                    int s = u * k + j, a = phone * k + j;
                    double best = score[s] + topology.logSelfLoop(a);
                    int from = s;
                    if (j > 0) {
                        double c = score[s - 1] + topology.logForward(a - 1);
                        if (c > best) { best = c; from = s - 1; }
                    } else {
                        // from the last state of the unit before, or of the one before a skipped optional silence
                        for (int v = u - 1; v >= 0; v--) {
                            int last = v * k + k - 1;
                            double c = score[last] + topology.logForward(units.get(v)[0] * k + k - 1);
                            if (c > best) { best = c; from = last; }
                            if (units.get(v)[2] == 0) break;
                        }
                    }
                    if (best == Double.NEGATIVE_INFINITY) continue;
                    next[s] = best + d.logLikelihood(t, a);
                    back[t][s] = from;
                }
            }
            double[] tmp = score;
            score = next;
            next = tmp;
        }
        // the end: the last unit's last state, or the one before a final optional silence
        double best = Double.NEGATIVE_INFINITY;
        int end = -1;
        for (int u = U - 1; u >= 0; u--) {
            int last = u * k + k - 1;
            double c = score[last] + topology.logForward(units.get(u)[0] * k + k - 1);
            if (c > best) { best = c; end = last; }
            if (units.get(u)[2] == 0) break;
        }
        if (end < 0 || best == Double.NEGATIVE_INFINITY) throw new IllegalArgumentException("no path through the words fits the frames");
        // trace back the chain states, then cut them into phones
        int[] path = new int[T];
        for (int t = T - 1, s = end; t >= 0; t--) {
            path[t] = s;
            s = back[t][s];
        }
        List<Segment> segments = new ArrayList<>();
        int[] states = new int[T];
        for (int t = 0; t < T; t++) states[t] = units.get(path[t] / k)[0] * k + path[t] % k;
        int start = 0;
        for (int t = 1; t <= T; t++) {
            if (t == T || path[t] / k != path[t - 1] / k) {
                int[] u = units.get(path[t - 1] / k);
                segments.add(new Segment(u[0], u[1], start, t));
                start = t;
            }
        }
        return new Alignment(segments, best, states);
    }
}
