package carousel.speech.decode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The word-end records of a {@link WordDecoder} search and the word arcs that reach them: the search's
 * traceback and, with alternatives kept, a word lattice (a word graph in the sense of Ney &amp; Aubert,
 * "A word graph algorithm for large vocabulary continuous speech recognition", ICSLP 1994).
 *
 * <p>A record is a node: a frame at which words end in one LM state. Its arcs come from earlier
 * records (or from the start, −1), each labelled with a word (or silence) and weighted by the score the
 * path gained along it (acoustics, transitions, lmWeight × LM, penalties); arc 0 is the best, the one the
 * Viterbi traceback follows. Records are numbered in creation order, and an arc's source is always an
 * older record, so the numbering is a topological order of the graph. Each arc also keeps the LM ln
 * probability (unweighted) inside its weight, so that a second pass can replace it
 * ({@link LatticeRescorer}).
 *
 * <p>From a final record: the best path, arc posteriors by forward-backward over the graph (in the
 * search's scaled score units, as Kaldi's lattice posteriors), word confidences (the posterior mass of
 * arcs with the same word overlapping the word's middle frame), and the n best distinct word sequences.
 * Records no live token can reach are reclaimed by {@link #reclaim}.
 */
final class WordLattice {
    static final int SILENCE = -2;

    private int[] recEnd = new int[1024];        // (R) end frame, exclusive
    private double[] recScore = new double[1024]; // (R) best path score at the record
    private int[] recArc = new int[1024];        // (R) index of the record's first arc
    private int[] recArcs = new int[1024];       // (R) number of arcs
    private int numRecords;
    private int[] arcPrev = new int[2048];       // (A) source record, or -1 for the start
    private int[] arcWord = new int[2048];       // (A) word index, or SILENCE
    private double[] arcWeight = new double[2048]; // (A) score gained along the arc
    private float[] arcLm = new float[2048];     // (A) the LM ln probability inside the weight (times the LM weight there)
    private int numArcs;

    int numRecords() { return numRecords; }

    /** Forgets every record and arc, keeping the arrays (a search reset for its next utterance). */
    void clear() {
        numRecords = 0;
        numArcs = 0;
    }

    int end(int r) { return recEnd[r]; }

    /** The word (or SILENCE) of the record's best arc. */
    int word(int r) { return arcWord[recArc[r]]; }

    /** The source of the record's best arc (−1: the start). */
    int prev(int r) { return arcPrev[recArc[r]]; }

    double score(int r) { return recScore[r]; }

    /** The arcs into record {@code r} are {@code arcBegin(r) .. arcEnd(r) - 1}, the best first. */
    int arcBegin(int r) { return recArc[r]; }

    int arcEnd(int r) { return recArc[r] + recArcs[r]; }

    int arcPrev(int a) { return arcPrev[a]; }

    int arcWord(int a) { return arcWord[a]; }

    double arcWeight(int a) { return arcWeight[a]; }

    float arcLm(int a) { return arcLm[a]; }

    /**
     * A record at frame {@code end} reached by {@code n} arcs: {@code prev[i]} with {@code word[i]},
     * the path's total score at the end {@code score[i]}, of which {@code lm[i]} (times the LM weight) is
     * the arc's LM ln probability; the best first.
     */
    int add(int end, int n, int[] prev, int[] word, double[] score, float[] lm) {
        if (numRecords == recEnd.length) {
            int m = 2 * recEnd.length;
            recEnd = Arrays.copyOf(recEnd, m);
            recScore = Arrays.copyOf(recScore, m);
            recArc = Arrays.copyOf(recArc, m);
            recArcs = Arrays.copyOf(recArcs, m);
        }
        while (numArcs + n > arcPrev.length) {
            int m = 2 * arcPrev.length;
            arcPrev = Arrays.copyOf(arcPrev, m);
            arcWord = Arrays.copyOf(arcWord, m);
            arcWeight = Arrays.copyOf(arcWeight, m);
            arcLm = Arrays.copyOf(arcLm, m);
        }
        int r = numRecords++;
        recEnd[r] = end;
        recScore[r] = score[0];
        recArc[r] = numArcs;
        recArcs[r] = n;
        for (int i = 0; i < n; i++) {
            arcPrev[numArcs] = prev[i];
            arcWord[numArcs] = word[i];
            arcWeight[numArcs] = score[i] - (prev[i] < 0 ? 0 : recScore[prev[i]]);
            arcLm[numArcs] = lm[i];
            numArcs++;
        }
        return r;
    }

    /** A record with one arc. */
    int add(int end, int prev, int word, double score, float lm) {
        return add(end, 1, new int[]{prev}, new int[]{word}, new double[]{score}, new float[]{lm});
    }

    /**
     * Keeps what the live tokens can still use, renumbering {@code live} (their records, −1 allowed) in
     * place; returns how many records are kept. An arc is kept when the best path through it to a live
     * token scores within {@code latticeBeam} of the best live token ({@code liveScore}: the tokens'
     * scores) — Kaldi's lattice pruning; every record's best arc is kept, so the tokens' tracebacks stay
     * whole. With {@code latticeBeam} 0 only the tracebacks are kept, bounded by the live tokens.
     */
    int reclaim(int[] live, double[] liveScore, int numLive, double latticeBeam) {
        double[] beta = new double[numRecords];   // best score from the record's end to a live token
        Arrays.fill(beta, Double.NEGATIVE_INFINITY);
        double best = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < numLive; i++) {
            best = Math.max(best, liveScore[i]);
            if (live[i] >= 0) beta[live[i]] = Math.max(beta[live[i]], liveScore[i] - recScore[live[i]]);
        }
        boolean[] keepArc = new boolean[numArcs];
        for (int r = numRecords - 1; r >= 0; r--) {   // sources are older: one backward sweep
            if (beta[r] == Double.NEGATIVE_INFINITY) continue;
            for (int a = recArc[r]; a < recArc[r] + recArcs[r]; a++) {
                double from = arcPrev[a] < 0 ? 0 : recScore[arcPrev[a]];
                if (a != recArc[r] && !(from + arcWeight[a] + beta[r] >= best - latticeBeam)) continue;
                keepArc[a] = true;
                if (arcPrev[a] >= 0) beta[arcPrev[a]] = Math.max(beta[arcPrev[a]], arcWeight[a] + beta[r]);
            }
        }
        int[] map = new int[numRecords];
        int n = 0, m = 0;
        for (int r = 0; r < numRecords; r++) {
            if (beta[r] == Double.NEGATIVE_INFINITY) { map[r] = -1; continue; }
            int first = m;
            for (int a = recArc[r]; a < recArc[r] + recArcs[r]; a++) {
                if (!keepArc[a]) continue;
                arcPrev[m] = arcPrev[a] < 0 ? -1 : map[arcPrev[a]];
                arcWord[m] = arcWord[a];
                arcWeight[m] = arcWeight[a];
                arcLm[m] = arcLm[a];
                m++;
            }
            recEnd[n] = recEnd[r];
            recScore[n] = recScore[r];
            recArcs[n] = m - first;
            recArc[n] = first;
            map[r] = n++;
        }
        numRecords = n;
        numArcs = m;
        for (int i = 0; i < numLive; i++) if (live[i] >= 0) live[i] = map[live[i]];
        return n;
    }

    /**
     * The best path's words into {@code record}, oldest first, silence left out but used for start frames;
     * with {@code posteriors} (from {@link #arcPosteriors}) each word's confidence, else NaN.
     */
    List<WordDecodeResult.DecodedWord> bestPath(int record, double[] posteriors) {
        List<WordDecodeResult.DecodedWord> words = new ArrayList<>();
        for (int r = record; r >= 0; r = prev(r)) {
            int w = word(r);
            if (w == SILENCE) continue;
            int start = prev(r) >= 0 ? recEnd[prev(r)] : 0;
            double c = posteriors == null ? Double.NaN : confidence(recArc[r], posteriors);
            words.add(new WordDecodeResult.DecodedWord(w, start, recEnd[r], c));
        }
        Collections.reverse(words);
        return words;
    }

    /**
     * A word arc's confidence: the posterior mass of the arcs with the same word that overlap the arc's
     * middle frame (arcs into other records count too), at most 1.
     */
    double confidence(int arc, double[] posteriors) {
        int start = arcPrev[arc] >= 0 ? recEnd[arcPrev[arc]] : 0, mid = (start + recEnd[recordOf(arc)] - 1) / 2;
        double sum = 0;
        for (int r = 0; r < numRecords; r++) {
            if (recEnd[r] <= mid) continue;
            for (int b = recArc[r]; b < recArc[r] + recArcs[r]; b++) {
                if (arcWord[b] != arcWord[arc] || b >= posteriors.length || posteriors[b] <= 0) continue;
                int sb = arcPrev[b] >= 0 ? recEnd[arcPrev[b]] : 0;
                if (sb <= mid) sum += posteriors[b];
            }
        }
        return Math.min(1, sum);
    }

    private int recordOf(int arc) {
        int lo = 0, hi = numRecords - 1;   // recArc is increasing
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (recArc[mid] <= arc) lo = mid; else hi = mid - 1;
        }
        return lo;
    }

    /** Posterior of every arc on paths into {@code finalRecord} (forward-backward in log space); 0 off them. */
    double[] arcPosteriors(int finalRecord) {
        double[] alpha = new double[finalRecord + 1], beta = new double[finalRecord + 1];
        for (int r = 0; r <= finalRecord; r++) {
            double s = Double.NEGATIVE_INFINITY;
            for (int a = recArc[r]; a < recArc[r] + recArcs[r]; a++)
                s = logAdd(s, (arcPrev[a] < 0 ? 0 : alpha[arcPrev[a]]) + arcWeight[a]);
            alpha[r] = s;
        }
        Arrays.fill(beta, Double.NEGATIVE_INFINITY);
        beta[finalRecord] = 0;
        double total = alpha[finalRecord];
        double[] post = new double[numArcs];
        for (int r = finalRecord; r >= 0; r--) {
            if (beta[r] == Double.NEGATIVE_INFINITY) continue;
            for (int a = recArc[r]; a < recArc[r] + recArcs[r]; a++) {
                double from = arcPrev[a] < 0 ? 0 : alpha[arcPrev[a]];
                post[a] = Math.exp(from + arcWeight[a] + beta[r] - total);
                if (arcPrev[a] >= 0) beta[arcPrev[a]] = logAdd(beta[arcPrev[a]], arcWeight[a] + beta[r]);
            }
        }
        return post;
    }

    private static double logAdd(double a, double b) {
        if (a == Double.NEGATIVE_INFINITY) return b;
        if (b == Double.NEGATIVE_INFINITY) return a;
        return Math.max(a, b) + Math.log1p(Math.exp(-Math.abs(a - b)));
    }

    /** One of the n best: its words (silence left out) and total score. */
    record Hypothesis(int[] words, double score) {}

    /**
     * The {@code n} best distinct word sequences into {@code finalRecord}, best first: paths popped best
     * first from a priority queue of partial paths grown backwards, whose priority is the path's weight
     * so far plus the best score of the rest (the forward Viterbi scores), so the first complete paths
     * are the best ones (A* with an exact heuristic); paths whose words repeat an earlier one are skipped.
     */
    List<Hypothesis> nbest(int finalRecord, int n) {
        record Partial(int record, double suffix, double priority, int[] words) {}
        PriorityQueue<Partial> queue = new PriorityQueue<>((x, y) -> Double.compare(y.priority, x.priority));
        queue.add(new Partial(finalRecord, 0, recScore[finalRecord], new int[0]));
        List<Hypothesis> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int pops = 0;
        while (!queue.isEmpty() && out.size() < n && pops++ < 20_000) {
            Partial p = queue.poll();
            if (p.record < 0) {
                int[] w = p.words.clone();
                for (int i = 0; i < w.length / 2; i++) { int t = w[i]; w[i] = w[w.length - 1 - i]; w[w.length - 1 - i] = t; }
                if (seen.add(Arrays.toString(w))) out.add(new Hypothesis(w, p.suffix));
                continue;
            }
            for (int a = recArc[p.record]; a < recArc[p.record] + recArcs[p.record]; a++) {
                int[] words = p.words;
                if (arcWord[a] != SILENCE) {
                    words = Arrays.copyOf(words, words.length + 1);
                    words[words.length - 1] = arcWord[a];
                }
                double suffix = p.suffix + arcWeight[a];
                int src = arcPrev[a];
                queue.add(new Partial(src, suffix, suffix + (src < 0 ? 0 : recScore[src]), words));
            }
        }
        return out;
    }
}
