package carousel.speech.plm;

import carousel.speech.decode.Decodable;

/** A {@link Decodable} over a (T, S) table of log-likelihoods given directly. */
record TableDecodable(double[][] ll, int numIndices) implements Decodable {

    TableDecodable(double[][] ll) {
        this(ll, ll[0].length);
    }

    @Override
    public int numFrames() {
        return ll.length;
    }

    @Override
    public double logLikelihood(int frame, int index) {
        return ll[frame][index];
    }
}
