package carousel.speech.plm;

import java.util.Arrays;

/**
 * The phone histories of one search as a prefix tree, each node a history {@code <s> p1 .. pn} with
 * its {@link PhoneModel} state and next-symbol log-probabilities computed at most once, lazily, and in
 * batches: hypotheses that share a history share its node, so they cost one model step between them,
 * and {@link #compute} runs every node a frame needs in one {@link PhoneModel#step} of B rows.
 *
 * <p>Nodes are ints: the root (the history {@code <s>}) is 0; a node's children are found through an
 * open-addressing hash map keyed by (parent, phone). Computed data live in pools indexed by a slot
 * given in the order nodes are computed: states (slots, S) floats, log-probabilities (slots, V+1)
 * doubles. Every array grows by doubling and is kept across {@link #reset}, so a long run of
 * utterances stops allocating once the largest has been seen.
 */
public final class HistoryTree {

    /** The root node, the history {@code <s>}. */
    public static final int ROOT = 0;

    private static final int NOT_COMPUTED = -1, QUEUED = -2;

    private final PhoneModel model;
    private final PhoneModel.Scratch scratch; // this tree's step buffers
    private final int V, W, S; // phones, outputs (V+1), state floats
    // nodes (N)
    private int[] parent = new int[1024];
    private int[] symbol = new int[1024]; // the symbol the node's history ends in (V for the root's <s>)
    private int[] slot = new int[1024];   // index into the pools, or NOT_COMPUTED / QUEUED
    private int numNodes;
    // pools (slots)
    private float[] states;               // (slots, S)
    private double[] logProbs;            // (slots, W)
    private int numSlots;
    // child map: key parent * W + phone, value node; empty key -1
    private long[] keys = new long[2048];
    private int[] values = new int[2048];
    private int mapSize;
    // step scratch (rows)
    private int[] queue = new int[64], inputs = new int[64];
    private float[] in, out;
    private double[] lp;
    private final float[] start;
    // counters
    private long stepCalls, rowsStepped;

    public HistoryTree(PhoneModel model) {
        this.model = model;
        this.scratch = model.newScratch();
        V = model.numPhones();
        W = V + 1;
        S = model.stateSize();
        states = new float[Math.max(1, 256 * S)];
        logProbs = new double[256 * W];
        in = new float[Math.max(1, 64 * S)];
        out = new float[Math.max(1, 64 * S)];
        lp = new double[64 * W];
        start = new float[Math.max(1, S)];
        model.startState(start, 0);
        reset();
    }

    /** Forgets every history but the root (not computed), keeping the buffers and the counters. */
    public void reset() {
        numNodes = 1;
        parent[ROOT] = -1;
        symbol[ROOT] = V;
        slot[ROOT] = NOT_COMPUTED;
        numSlots = 0;
        Arrays.fill(keys, -1L);
        mapSize = 0;
    }

    public int numNodes() {
        return numNodes;
    }

    /** Calls of {@link PhoneModel#step} so far. */
    public long stepCalls() {
        return stepCalls;
    }

    /** Rows stepped so far: one per node computed. */
    public long rowsStepped() {
        return rowsStepped;
    }

    /** The last phone of a node's history ({@code numPhones()} for the root). */
    public int symbol(int node) {
        return symbol[node];
    }

    public int parent(int node) {
        return parent[node];
    }

    public boolean isComputed(int node) {
        return slot[node] >= 0;
    }

    /** {@code ln P(w | history of node)}, w a phone or V for {@code </s>}; the node must be computed. */
    public double logProb(int node, int w) {
        int s = slot[node];
        if (s < 0) {
            throw new IllegalStateException("node " + node + " is not computed");
        }
        return logProbs[s * W + w];
    }

    /** The child of {@code node} by {@code phone}, or -1 when no hypothesis has made it yet. */
    public int child(int node, int phone) {
        long key = (long) node * W + phone;
        int mask = keys.length - 1;
        for (int i = hash(key) & mask; ; i = (i + 1) & mask) {
            if (keys[i] == key) {
                return values[i];
            }
            if (keys[i] == -1L) {
                return -1;
            }
        }
    }

    /** The child of {@code node} by {@code phone}, made (not computed) when new. */
    public int childOrNew(int node, int phone) {
        if (phone < 0 || phone >= V) {
            throw new IllegalArgumentException("phone " + phone + " outside [0, " + V + ")");
        }
        int c = child(node, phone);
        if (c >= 0) {
            return c;
        }
        if (numNodes == parent.length) {
            int n = 2 * parent.length;
            parent = Arrays.copyOf(parent, n);
            symbol = Arrays.copyOf(symbol, n);
            slot = Arrays.copyOf(slot, n);
        }
        c = numNodes++;
        parent[c] = node;
        symbol[c] = phone;
        slot[c] = NOT_COMPUTED;
        put((long) node * W + phone, c);
        return c;
    }

    private static int hash(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    private void put(long key, int value) {
        if (2 * (mapSize + 1) > keys.length) {
            long[] oldK = keys;
            int[] oldV = values;
            keys = new long[2 * oldK.length];
            values = new int[2 * oldK.length];
            Arrays.fill(keys, -1L);
            mapSize = 0;
            for (int i = 0; i < oldK.length; i++) {
                if (oldK[i] != -1L) {
                    put(oldK[i], oldV[i]);
                }
            }
        }
        int mask = keys.length - 1;
        int i = hash(key) & mask;
        while (keys[i] != -1L) {
            i = (i + 1) & mask;
        }
        keys[i] = key;
        values[i] = value;
        mapSize++;
    }

    /**
     * Computes every node of {@code nodes[0, n)} not computed yet, in one batched model step (a node
     * listed twice, or already computed, costs nothing more). Each node's parent must be computed.
     */
    public void compute(int[] nodes, int n) {
        int rows = 0;
        for (int i = 0; i < n; i++) {
            int node = nodes[i];
            if (slot[node] != NOT_COMPUTED) {
                continue;
            }
            int p = parent[node];
            if (p >= 0 && slot[p] < 0) {
                throw new IllegalStateException("node " + node + ": its parent " + p + " is not computed");
            }
            if (rows == queue.length) {
                queue = Arrays.copyOf(queue, 2 * rows);
                inputs = Arrays.copyOf(inputs, 2 * rows);
            }
            slot[node] = QUEUED;
            queue[rows++] = node;
        }
        if (rows == 0) {
            return;
        }
        if (rows * S > in.length) {
            in = new float[2 * rows * S];
            out = new float[2 * rows * S];
        }
        if (rows * W > lp.length) {
            lp = new double[2 * rows * W];
        }
        for (int r = 0; r < rows; r++) {
            int node = queue[r], p = parent[node];
            inputs[r] = symbol[node];
            if (p < 0) {
                System.arraycopy(start, 0, in, r * S, S);
            } else {
                System.arraycopy(states, slot[p] * S, in, r * S, S);
            }
        }
        model.step(scratch, rows, inputs, in, out, lp);
        stepCalls++;
        rowsStepped += rows;
        if ((numSlots + rows) * S > states.length) {
            states = Arrays.copyOf(states, Math.max(2 * states.length, (numSlots + rows) * S));
        }
        if ((numSlots + rows) * W > logProbs.length) {
            logProbs = Arrays.copyOf(logProbs, Math.max(2 * logProbs.length, (numSlots + rows) * W));
        }
        for (int r = 0; r < rows; r++) {
            int s = numSlots++;
            slot[queue[r]] = s;
            System.arraycopy(out, r * S, states, s * S, S);
            System.arraycopy(lp, r * W, logProbs, s * W, W);
        }
    }
}
