package carousel.speech.feature;

import java.util.List;

/**
 * Options of mel-frequency cepstral coefficients: Kaldi's {@code MfccOptions} ({@code src/feat/feature-mfcc.h}),
 * read from the same command-line options as {@code compute-mfcc-feats}.
 *
 * @param frame framing and windowing ({@code --frame-length}, {@code --window-type}, ...)
 * @param mel the mel filterbank ({@code --num-mel-bins} 23, {@code --low-freq}, {@code --high-freq})
 * @param numCeps {@code --num-ceps}, 13 (including C0), at most the number of mel bins
 * @param useEnergy {@code --use-energy}, true: the log energy of the frame replaces C0
 * @param energyFloor {@code --energy-floor}, 0: floor on the energy (absolute, not log); 0 means none
 * @param rawEnergy {@code --raw-energy}, true: energy before pre-emphasis and windowing (after DC removal)
 * @param cepstralLifter {@code --cepstral-lifter}, 22: coefficient i is scaled by 1 + (L/2) sin(π i / L); 0 = none
 * @param htkCompat {@code --htk-compat}, false: put C0/energy last, and without energy scale C0 by √2 as HTK does
 */
public record MfccOptions(FrameOptions frame, MelOptions mel, int numCeps, boolean useEnergy, double energyFloor,
                          boolean rawEnergy, double cepstralLifter, boolean htkCompat) implements FeatureOptions {

    /** The name of the Kaldi command these options belong to, used in messages. */
    public static final String COMMAND = "compute-mfcc-feats";

    public MfccOptions {
        FeatureOptions.checkShared(frame, mel, energyFloor);
        if (numCeps < 1 || numCeps > mel.numBins()) {
            throw new IllegalArgumentException("--num-ceps must be in [1, --num-mel-bins=" + mel.numBins()
                    + "], got " + numCeps);
        }
        if (!(cepstralLifter >= 0) || !Double.isFinite(cepstralLifter)) {
            throw new IllegalArgumentException("--cepstral-lifter must be >= 0, got " + cepstralLifter);
        }
    }

    /** Kaldi's defaults (dither 0): 13 cepstra with energy as C0, 23 mel bins, lifter 22. */
    public static MfccOptions defaults() {
        return new MfccOptions(FrameOptions.defaults(), MelOptions.defaults(), 13, true, 0.0, true, 22.0, false);
    }

    /** Options from Kaldi command-line strings such as {@code --num-ceps=20}; unknown names are an error. */
    public static MfccOptions parse(List<String> args) {
        MfccOptions d = defaults();
        return FeatureOptions.parse(args, COMMAND, a -> new MfccOptions(FrameOptions.fromArgs(a), MelOptions.fromArgs(a),
                a.getInt("num-ceps", d.numCeps), a.getBool("use-energy", d.useEnergy),
                a.getDouble("energy-floor", d.energyFloor), a.getBool("raw-energy", d.rawEnergy),
                a.getDouble("cepstral-lifter", d.cepstralLifter), a.getBool("htk-compat", d.htkCompat)));
    }

    /** Options from Kaldi command-line strings. */
    public static MfccOptions parse(String... args) {
        return parse(List.of(args));
    }

    /** These options with some changed, given as Kaldi command-line strings, e.g. {@code with("--num-ceps=20")}. */
    public MfccOptions with(String... changes) {
        return parse(FeatureOptions.withChanges(this, changes));
    }

    /** These options as Kaldi command-line strings, every option spelled out. */
    @Override
    public List<String> toKaldiArgs() {
        List<String> out = FeatureOptions.sharedKaldiArgs(this);
        out.addAll(List.of("--num-ceps=" + numCeps, "--use-energy=" + useEnergy, "--energy-floor=" + energyFloor,
                "--raw-energy=" + rawEnergy, "--cepstral-lifter=" + cepstralLifter, "--htk-compat=" + htkCompat));
        return out;
    }

    @Override
    public FeatureKind kind() {
        return FeatureKind.MFCC;
    }

    @Override
    public Mfcc computer() {
        return new Mfcc(this);
    }

    /** Feature dimension: numCeps. */
    @Override
    public int dim() {
        return numCeps;
    }
}
