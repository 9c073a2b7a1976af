package carousel.speech.tree;

import carousel.speech.corpus.PhoneSet;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Grows the phonetic decision trees of a {@link ContextTree} from {@link TriphoneStats}, as Young,
 * Odell &amp; Woodland (1994) and Kaldi's {@code build-tree} do: one tree per phone-state; every leaf
 * keeps its best split, the question (left or right context in a {@link Questions} set) whose two
 * sides have the largest log-likelihood gain {@code L(yes) + L(no) - L(leaf)} of single diagonal
 * Gaussians with at least {@code minCount} frames each; the leaf with the largest gain over all trees is
 * split, greedily, until {@code maxLeaves} leaves or no split gains; then leaves of the same tree are
 * merged, the pair losing the least likelihood first, until {@code numStates} remain. Tied states are
 * numbered root by root (phone, then state) in the preorder of their first leaf. Ties are broken by
 * order, so the result is deterministic.
 */
public final class TreeBuilder {
    /**
     * @param numStates tied states wanted (at least one per phone-state; fewer result when the splits run out)
     * @param maxLeaves leaves grown before merging (at least numStates)
     * @param minCount  frames each side of a split must have
     * @param varFloor  variance floor of the Gaussians
     */
    public record Options(int numStates, int maxLeaves, double minCount, double varFloor) {
        public Options {
            if (numStates < 1) throw new IllegalArgumentException("--num-states must be positive, got " + numStates);
            if (maxLeaves < numStates) throw new IllegalArgumentException("--max-leaves must be at least --num-states (" + numStates + "), got " + maxLeaves);
            if (!(minCount >= 1)) throw new IllegalArgumentException("--min-count must be at least 1 frame, got " + minCount);
            if (!(varFloor > 0)) throw new IllegalArgumentException("--var-floor must be positive, got " + varFloor);
        }

        /** Grow twice the states wanted, then merge; 50 frames a side; variance floor 0.01 (Kaldi's). */
        public static Options of(int numStates) { return new Options(numStates, 2 * numStates, 50, 0.01); }
    }

    /** The trees and what growing them gained: log-likelihoods of the CI system, after splitting and after merging. */
    public record Result(ContextTree tree, int leavesGrown, double ciLogLikelihood, double grownLogLikelihood, double tiedLogLikelihood) {}

    private record Item(Triphone triphone, GaussStats stats) {}

    /** A leaf while growing, or an inner node once split. */
    private static final class Grow {
        final int root, order;
        final List<Item> items;
        final GaussStats total;
        double gain = Double.NEGATIVE_INFINITY;
        char position;
        int question = -1;
        Grow yes, no;

        Grow(int root, int order, List<Item> items, int dim) {
            this.root = root;
            this.order = order;
            this.items = items;
            this.total = new GaussStats(dim);
            for (Item i : items) total.add(i.stats());
        }
    }

    private final Options options;

    public TreeBuilder(Options options) { this.options = options; }

    /** Builds the trees. @throws IllegalArgumentException when numStates is below the P × K phone-states */
    public Result build(TriphoneStats stats, PhoneSet phones, Questions questions) {
        int P = stats.numPhones(), K = stats.statesPerPhone(), R = P * K, D = stats.dim();
        if (phones.size() != P) throw new IllegalArgumentException("statistics of " + P + " phones, phone set of " + phones.size());
        if (options.numStates() < R) throw new IllegalArgumentException("--num-states must be at least the " + R + " phone-states (one tree each), got " + options.numStates());
        List<List<Item>> perRoot = new ArrayList<>();
        for (int r = 0; r < R; r++) perRoot.add(new ArrayList<>());
        for (Map.Entry<Triphone, GaussStats> e : stats.byTriphone().entrySet())
            perRoot.get(e.getKey().phone() * K + e.getKey().state()).add(new Item(e.getKey(), e.getValue()));
        int[] order = {0};
        Grow[] roots = new Grow[R];
        PriorityQueue<Grow> queue = new PriorityQueue<>(Comparator.comparingDouble((Grow g) -> -g.gain).thenComparingInt(g -> g.order));
        double ci = 0;
        for (int r = 0; r < R; r++) {
            roots[r] = new Grow(r, order[0]++, perRoot.get(r), D);
            ci += roots[r].total.logLikelihood(options.varFloor());
            bestSplit(roots[r], questions, P + 1);
            queue.add(roots[r]);
        }
        int leaves = R;
        while (leaves < options.maxLeaves() && !queue.isEmpty()) {
            Grow g = queue.poll();
            if (!(g.gain > 0)) break;
            List<Item> yes = new ArrayList<>(), no = new ArrayList<>();
            for (Item i : g.items) (answer(questions, g.position, g.question, i.triphone()) ? yes : no).add(i);
            g.yes = new Grow(g.root, order[0]++, yes, D);
            g.no = new Grow(g.root, order[0]++, no, D);
            for (Grow c : new Grow[]{g.yes, g.no}) {
                bestSplit(c, questions, P + 1);
                queue.add(c);
            }
            leaves++;
        }
        // merge leaves within each root, least loss first, down to numStates
        List<List<List<Grow>>> clusters = new ArrayList<>();   // root -> clusters -> leaves (preorder)
        List<List<GaussStats>> clusterStats = new ArrayList<>();
        double grown = 0;
        for (int r = 0; r < R; r++) {
            List<Grow> ls = new ArrayList<>();
            leaves(roots[r], ls);
            List<List<Grow>> cs = new ArrayList<>();
            List<GaussStats> st = new ArrayList<>();
            for (Grow l : ls) {
                cs.add(new ArrayList<>(List.of(l)));
                st.add(l.total.copy());
                grown += l.total.logLikelihood(options.varFloor());
            }
            clusters.add(cs);
            clusterStats.add(st);
        }
        double[] bestLoss = new double[R];
        int[][] bestPair = new int[R][];
        for (int r = 0; r < R; r++) bestPair[r] = bestMerge(clusterStats.get(r), bestLoss, r);
        double tied = grown;
        for (int n = leaves; n > options.numStates(); n--) {
            int br = -1;
            for (int r = 0; r < R; r++) if (bestPair[r] != null && (br < 0 || bestLoss[r] < bestLoss[br])) br = r;
            if (br < 0) break;
            int i = bestPair[br][0], j = bestPair[br][1];
            clusters.get(br).get(i).addAll(clusters.get(br).get(j));
            clusters.get(br).remove(j);
            clusterStats.get(br).get(i).add(clusterStats.get(br).get(j));
            clusterStats.get(br).remove(j);
            tied -= bestLoss[br];
            bestPair[br] = bestMerge(clusterStats.get(br), bestLoss, br);
        }
        // number the tied states and freeze the trees
        Map<Grow, Integer> stateOf = new java.util.IdentityHashMap<>();
        int next = 0;
        for (int r = 0; r < R; r++)
            for (List<Grow> c : clusters.get(r)) {
                for (Grow l : c) stateOf.put(l, next);
                next++;
            }
        ContextTree.Node[] nodes = new ContextTree.Node[R];
        for (int r = 0; r < R; r++) nodes[r] = freeze(roots[r], stateOf);
        return new Result(new ContextTree(phones, K, next, questions, nodes), leaves, ci, grown, tied);
    }

    private static boolean answer(Questions q, char position, int question, Triphone t) {
        return q.asks(question, position == 'L' ? t.left() : t.right());
    }

    /** Sets g's best split: both positions, every question, each side at least minCount frames. */
    private void bestSplit(Grow g, Questions questions, int V) {
        if (g.total.count < 2 * options.minCount()) return;
        int D = g.total.dim();
        GaussStats[][] by = new GaussStats[2][V];   // (position, context value) stats
        for (int p = 0; p < 2; p++) for (int c = 0; c < V; c++) by[p][c] = new GaussStats(D);
        for (Item i : g.items) {
            by[0][i.triphone().left()].add(i.stats());
            by[1][i.triphone().right()].add(i.stats());
        }
        double parent = g.total.logLikelihood(options.varFloor());
        for (int p = 0; p < 2; p++)
            for (int q = 0; q < questions.size(); q++) {
                GaussStats yes = new GaussStats(D);
                for (int c = questions.set(q).nextSetBit(0); c >= 0; c = questions.set(q).nextSetBit(c + 1)) yes.add(by[p][c]);
                double nYes = yes.count, nNo = g.total.count - yes.count;
                if (nYes < options.minCount() || nNo < options.minCount()) continue;
                double gain = splitGain(g.total, yes, parent, options.varFloor());
                if (gain > g.gain) {
                    g.gain = gain;
                    g.position = p == 0 ? 'L' : 'R';
                    g.question = q;
                }
            }
    }

    /** {@code L(yes) + L(total - yes) - parent}, the likelihood gain of splitting {@code total} into yes and the rest. */
    static double splitGain(GaussStats total, GaussStats yes, double parent, double varFloor) {
        GaussStats no = total.copy();
        no.count -= yes.count;
        for (int d = 0; d < no.dim(); d++) {
            no.sum[d] -= yes.sum[d];
            no.sumSq[d] -= yes.sumSq[d];
        }
        return yes.logLikelihood(varFloor) + no.logLikelihood(varFloor) - parent;
    }

    /** The pair of clusters whose merge loses the least (loss into losses[r]); null when fewer than two. */
    private int[] bestMerge(List<GaussStats> st, double[] losses, int r) {
        int[] best = null;
        double bestLoss = Double.POSITIVE_INFINITY;
        for (int i = 0; i < st.size(); i++)
            for (int j = i + 1; j < st.size(); j++) {
                double loss = st.get(i).logLikelihood(options.varFloor()) + st.get(j).logLikelihood(options.varFloor())
                        - GaussStats.mergedLogLikelihood(st.get(i), st.get(j), options.varFloor());
                if (loss < bestLoss) { bestLoss = loss; best = new int[]{i, j}; }
            }
        losses[r] = bestLoss;
        return best;
    }

    private static void leaves(Grow g, List<Grow> out) {
        if (g.yes == null) { out.add(g); return; }
        leaves(g.yes, out);
        leaves(g.no, out);
    }

    private static ContextTree.Node freeze(Grow g, Map<Grow, Integer> stateOf) {
        if (g.yes == null) return ContextTree.Node.leaf(stateOf.get(g));
        return new ContextTree.Node(g.position, g.question, freeze(g.yes, stateOf), freeze(g.no, stateOf), -1);
    }
}
