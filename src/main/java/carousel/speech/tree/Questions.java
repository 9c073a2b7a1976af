package carousel.speech.tree;

import carousel.speech.corpus.PhoneSet;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The yes/no questions a tree may ask about a left or right context: sets of context values (the P
 * phones and the boundary, index P). Found from the data as Kaldi's {@code cluster-phones} does, but
 * bottom-up: every phone starts as its own cluster (pooled over contexts and states, one diagonal
 * Gaussian), the two clusters whose merge loses the least log-likelihood are merged, and every cluster
 * ever formed is a question; plus each single phone, the boundary alone, and optionally hand-written
 * broad classes ({@link #TIMIT48_BROAD_CLASSES}). The set of all contexts is never a question (it
 * splits nothing); duplicates are dropped, the first kept.
 */
public final class Questions {
    /** Broad phonetic classes of the 48 TIMIT training phones (after Lee &amp; Hon's groups). */
    public static final Map<String, List<String>> TIMIT48_BROAD_CLASSES = Map.of(
            "vowel", List.of("aa", "ae", "ah", "ao", "aw", "ax", "ay", "eh", "er", "ey", "ih", "ix", "iy", "ow", "oy", "uh", "uw"),
            "front-vowel", List.of("ae", "eh", "ey", "ih", "ix", "iy"),
            "back-vowel", List.of("aa", "ao", "ow", "oy", "uh", "uw"),
            "stop", List.of("b", "d", "dx", "g", "k", "p", "t"),
            "voiced-stop", List.of("b", "d", "g"),
            "closure-silence", List.of("cl", "vcl", "epi", "sil"),
            "fricative", List.of("ch", "dh", "f", "hh", "jh", "s", "sh", "th", "v", "z", "zh"),
            "nasal", List.of("en", "m", "n", "ng"),
            "liquid-glide", List.of("el", "er", "l", "r", "w", "y"));

    private final List<BitSet> sets;
    private final int numContexts;

    Questions(List<BitSet> sets, int numContexts) {
        this.sets = List.copyOf(sets);
        this.numContexts = numContexts;
        for (BitSet s : sets)
            if (s.isEmpty() || s.length() > numContexts) throw new IllegalArgumentException("a question must be a non-empty set of the " + numContexts + " contexts");
    }

    public int size() { return sets.size(); }

    /** Context values P + 1 (the phones and the boundary). */
    public int numContexts() { return numContexts; }

    /** Whether context {@code c} is in question {@code q}. */
    public boolean asks(int q, int c) { return sets.get(q).get(c); }

    BitSet set(int q) { return sets.get(q); }

    /**
     * Questions from the statistics' phone clusters, single phones, the boundary and, when given, broad classes.
     *
     * @param broadClasses named phone lists (symbols of {@code phones}); empty for none
     * @throws IllegalArgumentException naming a broad-class symbol that is not a phone
     */
    public static Questions build(TriphoneStats stats, PhoneSet phones, Map<String, List<String>> broadClasses, double varFloor) {
        int P = phones.size();
        if (stats.numPhones() != P) throw new IllegalArgumentException("statistics of " + stats.numPhones() + " phones, phone set of " + P);
        Set<BitSet> out = new LinkedHashSet<>();
        for (BitSet c : clusterPhones(stats.byPhone(), varFloor)) out.add(c);
        for (int p = 0; p <= P; p++) {
            BitSet s = new BitSet();
            s.set(p);
            out.add(s);
        }
        for (String name : broadClasses.keySet().stream().sorted().toList()) {
            BitSet s = new BitSet();
            for (String sym : broadClasses.get(name)) {
                if (!phones.contains(sym)) throw new IllegalArgumentException("broad class " + name + ": '" + sym + "' is not a phone of " + phones);
                s.set(phones.index(sym));
            }
            out.add(s);
        }
        List<BitSet> l = new ArrayList<>();
        for (BitSet s : out) if (s.cardinality() < P + 1) l.add(s);
        return new Questions(l, P + 1);
    }

    /**
     * Bottom-up clustering of the phones by the likelihood loss of merging their Gaussians; returns
     * every cluster of two or more phones formed, in the order formed (the last is all P phones).
     * Phones with no frames join at zero cost, first among themselves.
     */
    static List<BitSet> clusterPhones(GaussStats[] phones, double varFloor) {
        List<BitSet> members = new ArrayList<>();
        List<GaussStats> stats = new ArrayList<>();
        for (int p = 0; p < phones.length; p++) {
            BitSet b = new BitSet();
            b.set(p);
            members.add(b);
            stats.add(phones[p].copy());
        }
        List<BitSet> formed = new ArrayList<>();
        while (members.size() > 1) {
            int bi = -1, bj = -1;
            double best = Double.POSITIVE_INFINITY;
            for (int i = 0; i < members.size(); i++)
                for (int j = i + 1; j < members.size(); j++) {
                    GaussStats a = stats.get(i), b = stats.get(j);
                    double loss = a.logLikelihood(varFloor) + b.logLikelihood(varFloor) - GaussStats.mergedLogLikelihood(a, b, varFloor);
                    if (loss < best) { best = loss; bi = i; bj = j; }
                }
            BitSet m = (BitSet) members.get(bi).clone();
            m.or(members.get(bj));
            stats.get(bi).add(stats.get(bj));
            members.set(bi, m);
            members.remove(bj);
            stats.remove(bj);
            formed.add(m);
        }
        return formed;
    }
}
