package carousel.speech.score;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A minimum-edit-distance alignment of a reference and a hypothesis sequence (V. I. Levenshtein, "Binary
 * codes capable of correcting deletions, insertions and reversals", Soviet Physics Doklady 10(8):707,
 * 1966). With unit costs ({@link EditCosts#UNIT}, the default) the number of errors is the edit
 * distance and the same as Kaldi's {@code compute-wer}; with {@link EditCosts#SCLITE} (weights 4/3/3)
 * the alignment, and so the split into substitutions, deletions and insertions, is NIST sclite's.
 *
 * <p>Among alignments of least cost, the one chosen is fixed: tracing back from the ends, a diagonal
 * step (correct or substitution) is taken when it is optimal, else a deletion, else an insertion. So
 * with unit costs {@code ref a b / hyp b c} gives two substitutions, not a deletion, a match and an
 * insertion (with sclite's costs the latter is cheaper: 6 against 8).
 *
 * @param pairs  the columns in order
 * @param counts their counts
 */
public record EditAlignment(List<AlignedPair> pairs, ErrorCounts counts) {

    public EditAlignment {
        pairs = List.copyOf(pairs);
    }

    /** Aligns {@code hyp} to {@code ref} with unit costs; O(N M) time and memory. */
    public static EditAlignment align(List<String> ref, List<String> hyp) {
        return align(ref, hyp, EditCosts.UNIT);
    }

    /** Aligns {@code hyp} to {@code ref} at least total cost under {@code costs}; O(N M) time and memory. */
    public static EditAlignment align(List<String> ref, List<String> hyp, EditCosts costs) {
        int cs = costs.substitution();
        int cd = costs.deletion();
        int ci = costs.insertion();
        int n = ref.size();
        int m = hyp.size();
        int[][] d = new int[n + 1][m + 1]; // d[i][j]: least cost of aligning ref[0, i) and hyp[0, j)
        for (int i = 0; i <= n; i++) {
            d[i][0] = i * cd;
        }
        for (int j = 0; j <= m; j++) {
            d[0][j] = j * ci;
        }
        for (int i = 1; i <= n; i++) {
            for (int j = 1; j <= m; j++) {
                int diag = d[i - 1][j - 1] + (ref.get(i - 1).equals(hyp.get(j - 1)) ? 0 : cs);
                d[i][j] = Math.min(diag, Math.min(d[i - 1][j] + cd, d[i][j - 1] + ci));
            }
        }
        List<AlignedPair> out = new ArrayList<>(Math.max(n, m));
        long c = 0, s = 0, del = 0, ins = 0;
        int i = n;
        int j = m;
        while (i > 0 || j > 0) {
            if (i > 0 && j > 0) {
                boolean same = ref.get(i - 1).equals(hyp.get(j - 1));
                if (d[i][j] == d[i - 1][j - 1] + (same ? 0 : cs)) {
                    out.add(new AlignedPair(same ? EditOp.CORRECT : EditOp.SUBSTITUTION, ref.get(i - 1), hyp.get(j - 1)));
                    if (same) {
                        c++;
                    } else {
                        s++;
                    }
                    i--;
                    j--;
                    continue;
                }
            }
            if (i > 0 && d[i][j] == d[i - 1][j] + cd) {
                out.add(new AlignedPair(EditOp.DELETION, ref.get(i - 1), null));
                del++;
                i--;
            } else {
                out.add(new AlignedPair(EditOp.INSERTION, null, hyp.get(j - 1)));
                ins++;
                j--;
            }
        }
        Collections.reverse(out);
        return new EditAlignment(out, new ErrorCounts(n, c, s, del, ins));
    }

    /** The alignment on one line, e.g. {@code a b->c *->d e->*}. */
    @Override
    public String toString() {
        return String.join(" ", pairs.stream().map(AlignedPair::toString).toList());
    }
}
