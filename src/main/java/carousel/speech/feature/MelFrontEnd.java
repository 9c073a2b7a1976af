package carousel.speech.feature;

import java.util.random.RandomGenerator;

/**
 * The part Kaldi's fbank and MFCC share: frame extraction and processing, real FFT, power (or magnitude)
 * spectrum, and mel filterbank energies, plus the frame energy. All tables are built once; the per-utterance
 * buffers live in a {@link Workspace}, so no frame allocates.
 */
final class MelFrontEnd {
    /** std::numeric_limits&lt;float&gt;::epsilon(), Kaldi's floor before taking logs. */
    static final double FLOAT_EPSILON = Math.ulp(1.0f);

    private final FrameOptions frame;
    private final FrameExtractor extractor;
    private final RealFft fft;
    private final MelBanks melBanks;
    private final boolean usePower;

    MelFrontEnd(FrameOptions frame, MelOptions mel, boolean usePower) {
        this.frame = frame;
        this.extractor = new FrameExtractor(frame);
        this.fft = new RealFft(extractor.paddedLength());
        this.melBanks = new MelBanks(mel, frame.sampleFrequencyHz(), extractor.paddedLength());
        this.usePower = usePower;
    }

    /** Scratch buffers for one utterance at a time. */
    final class Workspace {
        final double[] window = new double[fft.size()];          // (N) the frame, then its packed FFT
        final double[] fftWork = new double[fft.workSize()];
        final double[] spectrum = new double[fft.size() / 2 + 1]; // (N/2 + 1)
    }

    Workspace newWorkspace() {
        return new Workspace();
    }

    int numFrames(int numSamples) {
        return frame.numFrames(numSamples);
    }

    int numBins() {
        return melBanks.numBins();
    }

    MelBanks melBanks() {
        return melBanks;
    }

    /**
     * Mel energies of frame t into {@code mel[0, numBins)} (linear, not logged).
     *
     * @param rawEnergy whether to return the energy before pre-emphasis and windowing, or after windowing
     * @return the frame energy Σ x² (raw, or of the windowed frame)
     */
    double melEnergies(float[] samples, int t, RandomGenerator rng, boolean rawEnergy, Workspace ws, double[] mel) {
        double energy = extractor.extract(samples, t, ws.window, rng);
        if (!rawEnergy) {
            energy = 0;
            for (double v : ws.window) {
                energy += v * v;
            }
        }
        fft.transform(ws.window, ws.fftWork);
        fft.powerSpectrum(ws.window, ws.spectrum);
        if (!usePower) {
            for (int k = 0; k < ws.spectrum.length; k++) {
                ws.spectrum[k] = Math.sqrt(ws.spectrum[k]);
            }
        }
        melBanks.compute(ws.spectrum, mel);
        return energy;
    }

    /** log(max(energy, ε)), floored at log(energyFloor) when energyFloor &gt; 0, as Kaldi does. */
    static double logEnergy(double energy, double energyFloor) {
        double logE = Math.log(Math.max(energy, FLOAT_EPSILON));
        return energyFloor > 0 ? Math.max(logE, Math.log(energyFloor)) : logE;
    }

    /** log(max(x, ε)), Kaldi's floored log of mel energies. */
    static double flooredLog(double x) {
        return Math.log(Math.max(x, FLOAT_EPSILON));
    }
}
