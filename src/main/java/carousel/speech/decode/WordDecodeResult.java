package carousel.speech.decode;

import java.util.List;

/**
 * The best path of a {@link WordDecoder} search.
 *
 * @param words      the recognised words in order with their frames (silence between them is not listed)
 * @param score      the path's total ln score: acoustics + transitions + lmWeight * LM + penalties
 * @param numFrames  frames decoded
 * @param reachedEnd whether the path ends at a word end (or in silence after one), so that the LM's
 *                   {@code </s>} is included; false when no such token survived and the best token's
 *                   completed words were taken instead
 */
public record WordDecodeResult(List<DecodedWord> words, double score, int numFrames, boolean reachedEnd, List<Alternative> alternatives) {

    public WordDecodeResult {
        words = List.copyOf(words);
        alternatives = List.copyOf(alternatives);
    }

    public WordDecodeResult(List<DecodedWord> words, double score, int numFrames, boolean reachedEnd) {
        this(words, score, numFrames, reachedEnd, List.of());
    }

    /**
     * One recognised word over frames {@code [startFrame, endFrame)}; {@code word} is the decoder's word index;
     * {@code confidence} its posterior in the word lattice (0..1), NaN without a lattice.
     */
    public record DecodedWord(int word, int startFrame, int endFrame, double confidence) {
        public DecodedWord(int word, int startFrame, int endFrame) {
            this(word, startFrame, endFrame, Double.NaN);
        }

        public DecodedWord {
            if (word < 0 || startFrame < 0 || endFrame <= startFrame)
                throw new IllegalArgumentException("bad decoded word " + word + " [" + startFrame + ", " + endFrame + ")");
        }
    }

    /** One of the n best word sequences (word indices) and its total score. */
    public record Alternative(int[] words, double score) {}

    /** The word indices in order. */
    public int[] wordIndices() {
        return words.stream().mapToInt(DecodedWord::word).toArray();
    }
}
