package carousel.speech.score;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A minimum-edit-distance alignment of a reference and a hypothesis sequence (V. I. Levenshtein, "Binary
 * codes capable of correcting deletions, insertions and reversals", Soviet Physics Doklady 10(8):707,
 * 1966), with unit costs for substitution, deletion and insertion, so the number of errors is the edit
 * distance and the same as Kaldi's {@code compute-wer}. (NIST sclite aligns with weights 4/3/3, which
 * can trade one substitution for a deletion and an insertion differently; its error counts are unit.)
 *
 * <p>Among alignments with the fewest errors, the one chosen is fixed: tracing back from the ends,
 * a diagonal step (correct or substitution) is taken when it is optimal, else a deletion, else an
 * insertion. So {@code ref a b / hyp b c} gives two substitutions, not a deletion, a match and an
 * insertion.
 *
 * @param pairs  the columns in order
 * @param counts their counts
 */
public record EditAlignment(List<AlignedPair> pairs, ErrorCounts counts) {

    public EditAlignment {
        pairs = List.copyOf(pairs);
    }

    /** Aligns {@code hyp} to {@code ref}; O(N M) time and memory. */
    public static EditAlignment align(List<String> ref, List<String> hyp) {
        int n = ref.size();
        int m = hyp.size();
        int[][] d = new int[n + 1][m + 1]; // d[i][j]: distance of ref[0, i) and hyp[0, j)
        for (int i = 0; i <= n; i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= m; j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= n; i++) {
            for (int j = 1; j <= m; j++) {
                int diag = d[i - 1][j - 1] + (ref.get(i - 1).equals(hyp.get(j - 1)) ? 0 : 1);
                d[i][j] = Math.min(diag, Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1));
            }
        }
        List<AlignedPair> out = new ArrayList<>(Math.max(n, m));
        long c = 0, s = 0, del = 0, ins = 0;
        int i = n;
        int j = m;
        while (i > 0 || j > 0) {
            if (i > 0 && j > 0) {
                boolean same = ref.get(i - 1).equals(hyp.get(j - 1));
                if (d[i][j] == d[i - 1][j - 1] + (same ? 0 : 1)) {
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
            if (i > 0 && d[i][j] == d[i - 1][j] + 1) {
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
