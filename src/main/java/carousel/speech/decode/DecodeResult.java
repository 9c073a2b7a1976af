package carousel.speech.decode;

import carousel.speech.corpus.PhoneSet;
import java.util.List;

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
}
