package carousel.speech.feature;

import java.util.random.RandomGenerator;

/**
 * Log-mel filterbank features, as Kaldi's {@code compute-fbank-feats} ({@code src/feat/feature-fbank.cc})
 * computes them: per frame of 25 ms every 10 ms, the povey-windowed, pre-emphasised frame is zero-padded to a
 * power of two, its power spectrum |X[k]|² is weighted by triangular mel filters, and the log is taken
 * (floored at the float epsilon). With {@code --use-energy} the log frame energy is an extra first column
 * (last with {@code --htk-compat}). Output: (T, numBins [+1]). Computed in double, returned as float.
 *
 * <p>Agrees with {@code torchaudio.compliance.kaldi.fbank} to within 1e-3 on log values (see
 * {@code tools/make-feature-fixtures.py} and {@code KaldiCompatibilityTest}).
 */
public final class Fbank implements FeatureComputer {
    private final FbankOptions opts;
    private final MelFrontEnd frontEnd;

    public Fbank(FbankOptions opts) {
        this.opts = opts;
        this.frontEnd = new MelFrontEnd(opts.frame(), opts.mel(), opts.usePower());
    }

    /** The options these features follow. */
    @Override
    public FbankOptions options() {
        return opts;
    }

    @Override
    public FeatureMatrix compute(float[] samples, RandomGenerator ditherSource) {
        int numFrames = frontEnd.numFrames(samples.length);
        int numBins = frontEnd.numBins();
        int dim = dim();
        FeatureMatrix out = FeatureMatrix.zeros(numFrames, dim);
        float[] data = out.data();
        MelFrontEnd.Workspace ws = frontEnd.newWorkspace();
        double[] mel = new double[numBins];
        int melOffset = opts.useEnergy() && !opts.htkCompat() ? 1 : 0;
        int energyColumn = opts.htkCompat() ? numBins : 0;
        for (int t = 0; t < numFrames; t++) {
            double energy = frontEnd.melEnergies(samples, t, ditherSource, opts.rawEnergy(), ws, mel);
            int row = t * dim;
            for (int b = 0; b < numBins; b++) {
                data[row + melOffset + b] = (float) (opts.useLogFbank() ? MelFrontEnd.flooredLog(mel[b]) : mel[b]);
            }
            if (opts.useEnergy()) {
                data[row + energyColumn] = (float) MelFrontEnd.logEnergy(energy, opts.energyFloor());
            }
        }
        return out;
    }
}
