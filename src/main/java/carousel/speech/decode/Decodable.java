package carousel.speech.decode;

/**
 * The seam between an acoustic model and a decoder: the log-likelihood of each index (an HMM state,
 * or a phone when phones have one state) at each frame, already scaled as the search should add it.
 * After Kaldi's {@code DecodableInterface} ({@code src/itf/decodable-itf.h}), with 0-based indices.
 *
 * <p>A decoder only ever asks for {@code 0 <= frame < numFrames()} and {@code 0 <= index < numIndices()};
 * an implementation may grow {@link #numFrames()} as frames arrive (streaming).
 */
public interface Decodable {

    /** Frames available so far. */
    int numFrames();

    /** Number of indices (HMM states) per frame; must equal the decoder's topology's state count. */
    int numIndices();

    /** The (scaled) log-likelihood of {@code index} at {@code frame}; larger is better, may be -infinity. */
    double logLikelihood(int frame, int index);
}
