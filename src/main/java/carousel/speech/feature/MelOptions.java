package carousel.speech.feature;

import java.util.List;

/**
 * The triangular mel filterbank: Kaldi's {@code MelBanksOptions} ({@code src/feat/mel-computations.h}) without
 * VTLN warping ({@code --vtln-warp} is fixed at 1) and without {@code --debug-mel} / {@code --htk-mode}.
 *
 * @param numBins {@code --num-mel-bins}, 23 (Kaldi's default for both fbank and MFCC; at least 3)
 * @param lowFreqHz {@code --low-freq}, 20 Hz: lower edge of the first triangle
 * @param highFreqHz {@code --high-freq}, 0: upper edge of the last triangle; 0 means the Nyquist frequency and a
 *        negative value an offset below it (e.g. −400 at 16 kHz is 7600 Hz)
 */
public record MelOptions(int numBins, double lowFreqHz, double highFreqHz) {
    /** Most mel bins accepted (Kaldi setups use 23 to 80). */
    public static final int MAX_BINS = 1024;

    public MelOptions {
        if (numBins < 3) {
            throw new IllegalArgumentException("--num-mel-bins must be at least 3, got " + numBins);
        }
        if (numBins > MAX_BINS) {
            throw new IllegalArgumentException("--num-mel-bins=" + numBins + " exceeds the limit of " + MAX_BINS);
        }
        if (!(lowFreqHz >= 0) || !Double.isFinite(lowFreqHz) || !Double.isFinite(highFreqHz)) {
            throw new IllegalArgumentException("--low-freq must be >= 0 and --high-freq finite, got " + lowFreqHz
                    + " and " + highFreqHz);
        }
    }

    /** Kaldi's defaults: 23 bins from 20 Hz to the Nyquist frequency. */
    public static MelOptions defaults() {
        return new MelOptions(23, 20, 0);
    }

    /** The upper edge in Hz at {@code sampleFrequencyHz}: highFreqHz if positive, else Nyquist + highFreqHz. */
    public double effectiveHighFreqHz(double sampleFrequencyHz) {
        return highFreqHz > 0 ? highFreqHz : 0.5 * sampleFrequencyHz + highFreqHz;
    }

    /** Checks the band against the Nyquist frequency of {@code sampleFrequencyHz}, as Kaldi's MelBanks does. */
    public void checkAgainst(double sampleFrequencyHz) {
        double nyquist = 0.5 * sampleFrequencyHz;
        double high = effectiveHighFreqHz(sampleFrequencyHz);
        if (lowFreqHz >= nyquist || high <= 0 || high > nyquist || high <= lowFreqHz) {
            throw new IllegalArgumentException("mel band --low-freq=" + lowFreqHz + ", --high-freq=" + highFreqHz
                    + " (= " + high + " Hz) must satisfy 0 <= low < high <= Nyquist = " + nyquist + " Hz");
        }
    }

    /** Reads {@code --num-mel-bins}, {@code --low-freq}, {@code --high-freq} from {@code args}. */
    public static MelOptions fromArgs(KaldiArgs args) {
        MelOptions d = defaults();
        return new MelOptions(args.getInt("num-mel-bins", d.numBins), args.getDouble("low-freq", d.lowFreqHz),
                args.getDouble("high-freq", d.highFreqHz));
    }

    /** These options as Kaldi command-line strings. */
    public List<String> toKaldiArgs() {
        return List.of("--num-mel-bins=" + numBins, "--low-freq=" + lowFreqHz, "--high-freq=" + highFreqHz);
    }
}
