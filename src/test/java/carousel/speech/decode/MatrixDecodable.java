package carousel.speech.decode;

/** A {@link Decodable} over a (T, S) table of log-likelihoods given directly; {@code visible} frames only, for streaming tests. */
final class MatrixDecodable implements Decodable {
    private final double[][] ll; // (T, S)
    int visible;

    MatrixDecodable(double[][] ll) {
        this.ll = ll;
        this.visible = ll.length;
    }

    @Override
    public int numFrames() {
        return visible;
    }

    @Override
    public int numIndices() {
        return ll[0].length;
    }

    @Override
    public double logLikelihood(int frame, int index) {
        return ll[frame][index];
    }
}
