package carousel.speech.decode;

import carousel.speech.corpus.PhoneSet;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import java.util.function.IntUnaryOperator;

/**
 * The best path of a Viterbi search.
 *
 * @param phones      the phones in order with their frames; together they cover {@code [0, numFrames)}
 * @param score       the path's total log-score: acoustics + transitions + lmWeight * LM + penalties
 * @param numFrames   frames decoded
 * @param reachedEnd  whether the path ends in the last state of a phone (so the LM's {@code </s>} and the
 *                    final exit are included); false when no such token survived, and the best token
 *                    anywhere was taken instead
 */
public record DecodeResult(List<DecodedPhone> phones, double score, int numFrames, boolean reachedEnd) {

    public DecodeResult {
        phones = List.copyOf(phones);
    }

    /** The phone indices in order. */
    public int[] phoneIndices() {
        return phones.stream().mapToInt(DecodedPhone::phone).toArray();
    }

    /** The phone symbols in order. */
    public List<String> symbols(PhoneSet set) {
        return phones.stream().map(p -> set.symbol(p.phone())).toList();
    }

    /**
     * The end of a search, shared by the Viterbi and beam-search decoders: of its {@code tokens} live tokens, the
     * one whose path is best once the final exit and {@code </s>} are taken ({@code endScore}, −∞ for a token
     * not in a phone's last state); when no token can end, the best-scoring token anywhere, with
     * {@code reachedEnd} false. Ties go to the first token. Its phones are read back from the traceback records
     * ({@link DecodedPhone#traceback}); searches call it through {@link PhoneRecords#bestFinal}.
     *
     * @param record the traceback record of a token
     */
    static DecodeResult bestFinal(int tokens, IntToDoubleFunction endScore, IntToDoubleFunction score, IntUnaryOperator record,
                                         int[] recPrev, int[] recPhone, int[] recStart, int frames) {
        double best = Double.NEGATIVE_INFINITY;
        int bestToken = -1;
        for (int i = 0; i < tokens; i++) {
            double c = endScore.applyAsDouble(i);
            if (c > best) {
                best = c;
                bestToken = i;
            }
        }
        boolean reachedEnd = bestToken >= 0;
        if (!reachedEnd) {
            for (int i = 0; i < tokens; i++) {
                double c = score.applyAsDouble(i);
                if (c > best) {
                    best = c;
                    bestToken = i;
                }
            }
        }
        return new DecodeResult(DecodedPhone.traceback(record.applyAsInt(bestToken), recPrev, recPhone, recStart, frames), best, frames, reachedEnd);
    }
}
