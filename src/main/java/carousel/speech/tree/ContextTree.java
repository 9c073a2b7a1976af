package carousel.speech.tree;

import carousel.io.FormatException;
import carousel.io.TextLines;
import carousel.speech.corpus.PhoneSet;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * Context-dependent tied states: one phonetic decision tree per phone-state (P × K roots), whose
 * yes/no questions ask whether the left or right phone is in a set ({@link Questions}) and whose
 * leaves are tied states {@code 0 .. N-1}. Every triphone state, seen in training or not, reaches
 * exactly one leaf by walking its root's tree, so the map is total and deterministic. Each tied state
 * belongs to one phone-state (leaves are merged only within a root), which gives {@link #ciState}: the
 * context-independent state {@code phone * K + k} a tied state refines. A tree with one leaf per root,
 * numbered {@code phone * K + k}, is the context-independent system itself.
 *
 * <p><b>File</b> (UTF-8 text, one record per line, fields separated by single spaces):
 * <pre>
 *   carousel-context-tree 1
 *   phones P SYM_0 ... SYM_{P-1}            the phone set, in index order
 *   states-per-phone K
 *   num-states N
 *   questions Q
 *   q SYM ...                                Q lines: question i is the i-th, its contexts (# = boundary)
 *   root PHONE STATE NODE                    P × K lines, one per phone-state, in any order
 * </pre>
 * A NODE is written in preorder: {@code L i YES NO} or {@code R i YES NO} asks whether the left
 * (right) context is in question i, then gives the subtree for yes and the subtree for no;
 * {@code = n} is a leaf, tied state n. E.g. {@code root ae 1 L 4 = 17 R 9 = 18 = 19}.
 */
public final class ContextTree {
    public static final String MAGIC = "carousel-context-tree 1";

    /** A node: a question ({@code position} 'L' or 'R', {@code question}, yes, no) or a leaf (tied state ≥ 0). */
    public record Node(char position, int question, Node yes, Node no, int leaf) {
        static Node leaf(int state) { return new Node('=', -1, null, null, state); }
        public boolean isLeaf() { return leaf >= 0; }
    }

    private final PhoneSet phones;
    private final int statesPerPhone, numStates;
    private final Questions questions;
    private final Node[] roots;       // (P × K) root of phone p, state k at p * K + k
    private final int[] ciState;      // (N) the phone-state of each tied state

    /**
     * @throws IllegalArgumentException when a root is missing, a question index is out of range, a
     *                                  tied state is outside [0, N), unused, or used by two phone-states
     */
    public ContextTree(PhoneSet phones, int statesPerPhone, int numStates, Questions questions, Node[] roots) {
        int P = phones.size();
        if (statesPerPhone < 1) throw new IllegalArgumentException("states per phone must be positive, got " + statesPerPhone);
        if (roots.length != P * statesPerPhone) throw new IllegalArgumentException("need " + P * statesPerPhone + " roots, got " + roots.length);
        if (questions.numContexts() != P + 1) throw new IllegalArgumentException("questions over " + questions.numContexts() + " contexts, the phone set has " + (P + 1) + " (with the boundary)");
        if (numStates < 1) throw new IllegalArgumentException("num-states must be positive, got " + numStates);
        this.phones = phones;
        this.statesPerPhone = statesPerPhone;
        this.numStates = numStates;
        this.questions = questions;
        this.roots = roots.clone();
        this.ciState = new int[numStates];
        Arrays.fill(ciState, -1);
        for (int r = 0; r < roots.length; r++) {
            if (roots[r] == null) throw new IllegalArgumentException("no tree for phone " + phones.symbol(r / statesPerPhone) + " state " + r % statesPerPhone);
            check(roots[r], r);
        }
        for (int s = 0; s < numStates; s++) if (ciState[s] < 0) throw new IllegalArgumentException("tied state " + s + " is the leaf of no tree");
    }

    private void check(Node n, int root) {
        if (n.isLeaf()) {
            if (n.leaf() >= numStates) throw new IllegalArgumentException("tied state " + n.leaf() + " is outside [0, " + numStates + ")");
            if (ciState[n.leaf()] >= 0 && ciState[n.leaf()] != root)
                throw new IllegalArgumentException("tied state " + n.leaf() + " is a leaf of two phone-states (" + stateName(ciState[n.leaf()]) + " and " + stateName(root) + ")");
            ciState[n.leaf()] = root;
            return;
        }
        if (n.position() != 'L' && n.position() != 'R') throw new IllegalArgumentException("a question asks about L or R, got " + n.position());
        if (n.question() < 0 || n.question() >= questions.size()) throw new IllegalArgumentException("question " + n.question() + " is outside [0, " + questions.size() + ")");
        if (n.yes() == null || n.no() == null) throw new IllegalArgumentException("a question node needs both subtrees");
        check(n.yes(), root);
        check(n.no(), root);
    }

    private String stateName(int ci) { return phones.symbol(ci / statesPerPhone) + " " + ci % statesPerPhone; }

    public PhoneSet phones() { return phones; }
    public int statesPerPhone() { return statesPerPhone; }
    /** N, the tied states: the network's outputs. */
    public int numStates() { return numStates; }
    public Questions questions() { return questions; }
    public Node root(int phone, int state) { return roots[phone * statesPerPhone + state]; }

    /** The context-independent state {@code phone * K + k} that tied state {@code s} belongs to. */
    public int ciState(int s) { return ciState[s]; }

    /** The tied state of a triphone state, by walking its phone-state's tree. */
    public int map(Triphone t) {
        int P = phones.size();
        if (t.phone() < 0 || t.phone() >= P || t.state() < 0 || t.state() >= statesPerPhone || t.left() < 0 || t.left() > P || t.right() < 0 || t.right() > P)
            throw new IllegalArgumentException("triphone state " + t + " outside " + P + " phones (+ boundary) and " + statesPerPhone + " states");
        Node n = roots[t.phone() * statesPerPhone + t.state()];
        while (!n.isLeaf()) n = questions.asks(n.question(), n.position() == 'L' ? t.left() : t.right()) ? n.yes() : n.no();
        return n.leaf();
    }

    /** Tied-state frame targets (T) of a context-independent state alignment (T); labels below 0 stay −1. */
    public int[] tie(int[] stateLabels) {
        Triphone[] ctx = PhoneContexts.of(stateLabels, statesPerPhone, phones.size());
        int[] out = new int[stateLabels.length];
        for (int t = 0; t < out.length; t++) out[t] = ctx[t] == null ? -1 : map(ctx[t]);
        return out;
    }

    /**
     * Context-independent log posteriors (P × K) of a row of tied-state log posteriors (N): each
     * phone-state's tied states' probabilities summed (log-sum-exp), the context marginalised out.
     */
    public float[] collapse(float[] tiedLogPosteriors) {
        if (tiedLogPosteriors.length != numStates) throw new IllegalArgumentException("need " + numStates + " tied-state values, got " + tiedLogPosteriors.length);
        int C = roots.length;
        double[] max = new double[C];
        Arrays.fill(max, Double.NEGATIVE_INFINITY);
        for (int s = 0; s < numStates; s++) max[ciState[s]] = Math.max(max[ciState[s]], tiedLogPosteriors[s]);
        double[] sum = new double[C];
        for (int s = 0; s < numStates; s++) sum[ciState[s]] += Math.exp(tiedLogPosteriors[s] - max[ciState[s]]);
        float[] out = new float[C];
        for (int c = 0; c < C; c++) out[c] = max[c] == Double.NEGATIVE_INFINITY ? Float.NEGATIVE_INFINITY : (float) (max[c] + Math.log(sum[c]));
        return out;
    }

    /** Leaves (tree leaves, before tying merges them) and depth of one root's tree: {leaves, depth}. */
    public int[] shape(int phone, int state) {
        int[] acc = new int[2];
        shape(root(phone, state), 0, acc);
        return acc;
    }

    private static void shape(Node n, int depth, int[] acc) {
        if (n.isLeaf()) { acc[0]++; acc[1] = Math.max(acc[1], depth); return; }
        shape(n.yes(), depth + 1, acc);
        shape(n.no(), depth + 1, acc);
    }

    /** Writes the tree file (atomically: a temporary file renamed). */
    public void write(Path file) throws IOException {
        Path abs = file.toAbsolutePath();
        if (abs.getParent() != null) Files.createDirectories(abs.getParent());
        Path tmp = Files.createTempFile(abs.getParent(), abs.getFileName().toString(), ".part");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            w.write(MAGIC + "\n");
            w.write("phones " + phones.size() + " " + String.join(" ", phones.symbols()) + "\n");
            w.write("states-per-phone " + statesPerPhone + "\n");
            w.write("num-states " + numStates + "\n");
            w.write("questions " + questions.size() + "\n");
            for (int q = 0; q < questions.size(); q++) {
                StringBuilder sb = new StringBuilder("q");
                BitSet s = questions.set(q);
                for (int c = s.nextSetBit(0); c >= 0; c = s.nextSetBit(c + 1)) sb.append(' ').append(Triphone.context(phones, c));
                w.write(sb.append('\n').toString());
            }
            for (int r = 0; r < roots.length; r++) {
                StringBuilder sb = new StringBuilder("root ").append(phones.symbol(r / statesPerPhone)).append(' ').append(r % statesPerPhone);
                writeNode(roots[r], sb);
                w.write(sb.append('\n').toString());
            }
        }
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void writeNode(Node n, StringBuilder sb) {
        if (n.isLeaf()) { sb.append(" = ").append(n.leaf()); return; }
        sb.append(' ').append(n.position()).append(' ').append(n.question());
        writeNode(n.yes(), sb);
        writeNode(n.no(), sb);
    }

    /**
     * Reads a tree file.
     *
     * @throws FormatException naming the file and line of what is wrong
     */
    public static ContextTree read(Path file) throws IOException {
        String src = file.toString();
        List<String> lines = TextLines.readAll(file, StandardCharsets.UTF_8, "tree file");
        int[] at = {0};
        if (lines.isEmpty() || !lines.get(0).equals(MAGIC)) throw new FormatException(src, 1, "not a context tree file (the first line must be '" + MAGIC + "')");
        at[0] = 1;
        String[] ph = fields(lines, at, "phones", src);
        int P = integer(ph, 1, lines, at, src);
        if (ph.length != P + 2) throw new FormatException(src, at[0], "phones " + P + " needs " + P + " symbols, got " + (ph.length - 2));
        PhoneSet phones = PhoneSet.TIMIT_48.symbols().equals(List.of(ph).subList(2, ph.length)) ? PhoneSet.TIMIT_48 : new PhoneSet("tree", List.of(ph).subList(2, ph.length));
        int K = integer(fields(lines, at, "states-per-phone", src), 1, lines, at, src);
        int N = integer(fields(lines, at, "num-states", src), 1, lines, at, src);
        int Q = integer(fields(lines, at, "questions", src), 1, lines, at, src);
        if (K < 1 || N < 1 || Q < 0) throw new FormatException(src, at[0], "states-per-phone, num-states must be positive and questions non-negative");
        List<BitSet> qs = new ArrayList<>();
        for (int q = 0; q < Q; q++) {
            String[] f = fields(lines, at, "q", src);
            BitSet s = new BitSet();
            try {
                for (int i = 1; i < f.length; i++) s.set(Triphone.parseContext(f[i], phones, "question " + q));
            } catch (IllegalArgumentException e) {
                throw new FormatException(src, at[0], e.getMessage());
            }
            if (s.isEmpty()) throw new FormatException(src, at[0], "question " + q + " is empty");
            qs.add(s);
        }
        Questions questions = new Questions(qs, P + 1);
        Node[] roots = new Node[P * K];
        for (int r = 0; r < P * K; r++) {
            String[] f = fields(lines, at, "root", src);
            if (f.length < 5 || !phones.contains(f[1])) throw new FormatException(src, at[0], "a root line is 'root PHONE STATE NODE' with a phone of the phone set");
            int k = integer(f, 2, lines, at, src);
            if (k < 0 || k >= K) throw new FormatException(src, at[0], "state " + k + " outside [0, " + K + ")");
            int idx = phones.index(f[1]) * K + k;
            if (roots[idx] != null) throw new FormatException(src, at[0], "a second tree for " + f[1] + " state " + k);
            int[] pos = {3};
            try {
                roots[idx] = parseNode(f, pos, 0);
            } catch (IllegalArgumentException e) {
                throw new FormatException(src, at[0], e.getMessage());
            }
            if (pos[0] != f.length) throw new FormatException(src, at[0], "text after the end of the tree");
        }
        for (int i = at[0]; i < lines.size(); i++) if (!lines.get(i).isBlank()) throw new FormatException(src, i + 1, "text after the " + P * K + " trees");
        try {
            return new ContextTree(phones, K, N, questions, roots);
        } catch (IllegalArgumentException e) {
            throw new FormatException(src, e.getMessage());
        }
    }

    private static Node parseNode(String[] f, int[] pos, int depth) {
        if (depth > 1000) throw new IllegalArgumentException("tree deeper than 1000 levels");
        if (pos[0] + 1 >= f.length) throw new IllegalArgumentException("the tree ends early");
        String kind = f[pos[0]];
        int value;
        try {
            value = Integer.parseInt(f[pos[0] + 1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + f[pos[0] + 1] + "' after '" + kind + "' is not a number");
        }
        pos[0] += 2;
        if (kind.equals("=")) {
            if (value < 0) throw new IllegalArgumentException("tied state " + value + " is negative");
            return Node.leaf(value);
        }
        if (!kind.equals("L") && !kind.equals("R")) throw new IllegalArgumentException("a node starts with L, R or =, got '" + kind + "'");
        Node yes = parseNode(f, pos, depth + 1);
        Node no = parseNode(f, pos, depth + 1);
        return new Node(kind.charAt(0), value, yes, no, -1);
    }

    private static String[] fields(List<String> lines, int[] at, String key, String src) throws FormatException {
        if (at[0] >= lines.size()) throw new FormatException(src, "the file ends before its '" + key + "' line");
        String[] f = lines.get(at[0]).split(" ");
        at[0]++;
        if (!f[0].equals(key)) throw new FormatException(src, at[0], "expected a '" + key + "' line, got '" + f[0] + "'");
        return f;
    }

    private static int integer(String[] f, int i, List<String> lines, int[] at, String src) throws FormatException {
        if (f.length <= i) throw new FormatException(src, at[0], "'" + f[0] + "' needs a number");
        try {
            return Integer.parseInt(f[i]);
        } catch (NumberFormatException e) {
            throw new FormatException(src, at[0], "'" + f[i] + "' is not a number");
        }
    }
}
