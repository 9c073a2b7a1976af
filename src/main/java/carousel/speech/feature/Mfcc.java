package carousel.speech.feature;

import java.util.random.RandomGenerator;

/**
 * Mel-frequency cepstral coefficients, as Kaldi's {@code compute-mfcc-feats} ({@code src/feat/feature-mfcc.cc})
 * computes them: the log mel energies e (numBins of them, as in {@link Fbank} with the power spectrum) go
 * through the orthonormal DCT-II, c_i = Σ_b e_b · s_i cos(π i (b + ½) / numBins) with s_0 = √(1/numBins) and
 * s_i = √(2/numBins), keeping i &lt; numCeps; then c_i is liftered by 1 + (L/2) sin(π i / L); with
 * {@code --use-energy} (the default) the log frame energy replaces c_0. With {@code --htk-compat} c_0 moves last
 * (scaled by √2 when it is not the energy). Output: (T, numCeps). Computed in double, returned as float.
 *
 * <p>Agrees with {@code torchaudio.compliance.kaldi.mfcc} to within 1e-3 (see {@code KaldiCompatibilityTest}).
 */
public final class Mfcc implements FeatureComputer {
    private final MfccOptions opts;
    private final MelFrontEnd frontEnd;
    private final double[] dct;      // (numCeps, numBins) row-major
    private final double[] lifter;   // (numCeps)

    public Mfcc(MfccOptions opts) {
        this.opts = opts;
        this.frontEnd = new MelFrontEnd(opts.frame(), opts.mel(), true);
        int numBins = opts.mel().numBins();
        int numCeps = opts.numCeps();
        dct = new double[numCeps * numBins];
        for (int i = 0; i < numCeps; i++) {
            double scale = Math.sqrt((i == 0 ? 1.0 : 2.0) / numBins);
            for (int b = 0; b < numBins; b++) {
                dct[i * numBins + b] = scale * Math.cos(Math.PI / numBins * (b + 0.5) * i);
            }
        }
        lifter = new double[numCeps];
        double q = opts.cepstralLifter();
        for (int i = 0; i < numCeps; i++) {
            lifter[i] = q == 0 ? 1.0 : 1.0 + 0.5 * q * Math.sin(Math.PI * i / q);
        }
    }

    /** The options these features follow. */
    @Override
    public MfccOptions options() {
        return opts;
    }

    @Override
    public FeatureMatrix compute(float[] samples, RandomGenerator ditherSource) {
        int numFrames = frontEnd.numFrames(samples.length);
        int numBins = frontEnd.numBins();
        int numCeps = opts.numCeps();
        FeatureMatrix out = FeatureMatrix.zeros(numFrames, numCeps);
        float[] data = out.data();
        MelFrontEnd.Workspace ws = frontEnd.newWorkspace();
        double[] mel = new double[numBins];
        double[] ceps = new double[numCeps];
        for (int t = 0; t < numFrames; t++) {
            double energy = frontEnd.melEnergies(samples, t, ditherSource, opts.rawEnergy(), ws, mel);
            for (int b = 0; b < numBins; b++) {
                mel[b] = MelFrontEnd.flooredLog(mel[b]);
            }
            for (int i = 0; i < numCeps; i++) {
                double sum = 0;
                int rowOff = i * numBins;
                for (int b = 0; b < numBins; b++) {
                    sum += dct[rowOff + b] * mel[b];
                }
                ceps[i] = sum * lifter[i];
            }
            if (opts.useEnergy()) {
                ceps[0] = MelFrontEnd.logEnergy(energy, opts.energyFloor());
            }
            int row = t * numCeps;
            if (opts.htkCompat()) {
                double c0 = opts.useEnergy() ? ceps[0] : ceps[0] * Math.sqrt(2.0);
                for (int i = 1; i < numCeps; i++) {
                    data[row + i - 1] = (float) ceps[i];
                }
                data[row + numCeps - 1] = (float) c0;
            } else {
                for (int i = 0; i < numCeps; i++) {
                    data[row + i] = (float) ceps[i];
                }
            }
        }
        return out;
    }
}
