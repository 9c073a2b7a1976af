package carousel.speech.feature;

import java.util.List;

/**
 * Options of log-mel filterbank features: Kaldi's {@code FbankOptions} ({@code src/feat/feature-fbank.h}), read
 * from the same command-line options as {@code compute-fbank-feats}.
 *
 * @param frame framing and windowing ({@code --frame-length}, {@code --window-type}, ...)
 * @param mel the mel filterbank ({@code --num-mel-bins}, {@code --low-freq}, {@code --high-freq})
 * @param useEnergy {@code --use-energy}, false: add the log energy of the frame as an extra first column (last
 *        with {@code htkCompat})
 * @param energyFloor {@code --energy-floor}, 0: floor on the energy (absolute, not log); 0 means none beyond
 *        the float epsilon. Useful without dither when the audio has digital silence (e.g. 1.0)
 * @param rawEnergy {@code --raw-energy}, true: energy before pre-emphasis and windowing (after DC removal)
 * @param htkCompat {@code --htk-compat}, false: put the energy column last
 * @param useLogFbank {@code --use-log-fbank}, true: log of the mel energies (floored at the float epsilon)
 * @param usePower {@code --use-power}, true: mel energies of the power spectrum; false: of the magnitude
 */
public record FbankOptions(FrameOptions frame, MelOptions mel, boolean useEnergy, double energyFloor,
                           boolean rawEnergy, boolean htkCompat, boolean useLogFbank, boolean usePower) implements FeatureOptions {

    /** The name of the Kaldi command these options belong to, used in messages. */
    public static final String COMMAND = "compute-fbank-feats";

    public FbankOptions {
        FeatureOptions.checkShared(frame, mel, energyFloor);
    }

    /** Kaldi's defaults (dither 0): 23 log mel energies per 10 ms frame of 25 ms, 16 kHz. */
    public static FbankOptions defaults() {
        return new FbankOptions(FrameOptions.defaults(), MelOptions.defaults(), false, 0.0, true, false, true, true);
    }

    /** Options from Kaldi command-line strings such as {@code --num-mel-bins=40}; unknown names are an error. */
    public static FbankOptions parse(List<String> args) {
        FbankOptions d = defaults();
        return FeatureOptions.parse(args, COMMAND, a -> new FbankOptions(FrameOptions.fromArgs(a), MelOptions.fromArgs(a),
                a.getBool("use-energy", d.useEnergy), a.getDouble("energy-floor", d.energyFloor),
                a.getBool("raw-energy", d.rawEnergy), a.getBool("htk-compat", d.htkCompat),
                a.getBool("use-log-fbank", d.useLogFbank), a.getBool("use-power", d.usePower)));
    }

    /** Options from Kaldi command-line strings. */
    public static FbankOptions parse(String... args) {
        return parse(List.of(args));
    }

    /** These options with some changed, given as Kaldi command-line strings, e.g. {@code with("--snip-edges=false")}. */
    public FbankOptions with(String... changes) {
        return parse(FeatureOptions.withChanges(this, changes));
    }

    /** These options as Kaldi command-line strings, every option spelled out. */
    @Override
    public List<String> toKaldiArgs() {
        List<String> out = FeatureOptions.sharedKaldiArgs(this);
        out.addAll(List.of("--use-energy=" + useEnergy, "--energy-floor=" + energyFloor, "--raw-energy=" + rawEnergy,
                "--htk-compat=" + htkCompat, "--use-log-fbank=" + useLogFbank, "--use-power=" + usePower));
        return out;
    }

    @Override
    public FeatureKind kind() {
        return FeatureKind.FBANK;
    }

    @Override
    public Fbank computer() {
        return new Fbank(this);
    }

    /** Feature dimension: numBins, plus one with energy. */
    @Override
    public int dim() {
        return mel.numBins() + (useEnergy ? 1 : 0);
    }
}
