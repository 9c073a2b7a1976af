package carousel.speech.augment;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which augmentations training applies, each null when off, in the order {@link Augmenter} applies them:
 * speed perturbation, reverberation, additive noise (on the waveform), then time/frequency masking (on the
 * features). Every record validates itself; {@link #settings} gives the command-line form a run directory
 * records.
 */
public record AugmentOptions(Speed speed, Reverb reverb, Noise noise, Masking masking) {

    /** No augmentation. */
    public static final AugmentOptions NONE = new AugmentOptions(null, null, null, null);

    /**
     * Speed perturbation as Kaldi's recipes do it ({@code sox speed}): each utterance is resampled by one of
     * {@code factors}, drawn uniformly, so that it lasts 1/factor as long, pitch and tempo shifted together.
     * Ko et al., "Audio augmentation for speech recognition", Interspeech 2015, use 0.9, 1.0 and 1.1.
     */
    public record Speed(List<Double> factors) {
        public Speed {
            factors = List.copyOf(factors);
            if (factors.isEmpty()) throw new IllegalArgumentException("speed perturbation needs at least one factor");
            for (double f : factors)
                if (!(f >= 0.5 && f <= 2)) throw new IllegalArgumentException("speed factors must lie in [0.5, 2], got " + f);
        }
    }

    /**
     * Simulated room reverberation with probability {@code probability} per utterance, RT60 drawn uniformly
     * from [rt60Min, rt60Max] seconds ({@link RoomReverb}).
     */
    public record Reverb(double probability, double rt60Min, double rt60Max) {
        public Reverb {
            checkProbability(probability, "reverberation");
            if (!(rt60Min >= RoomReverb.MIN_RT60 && rt60Max <= RoomReverb.MAX_RT60 && rt60Min <= rt60Max))
                throw new IllegalArgumentException("RT60 range must lie in [" + RoomReverb.MIN_RT60 + ", " + RoomReverb.MAX_RT60 + "] s with min <= max, got "
                        + rt60Min + ".." + rt60Max);
        }
    }

    /**
     * Additive noise with probability {@code probability} per utterance, of a kind drawn uniformly from
     * {@code kinds}, at an SNR drawn uniformly from [snrMinDb, snrMaxDb] ({@link AdditiveNoise}).
     */
    public record Noise(double probability, double snrMinDb, double snrMaxDb, Set<NoiseKind> kinds) {
        public Noise {
            checkProbability(probability, "noise");
            if (!(snrMinDb >= -20 && snrMaxDb <= 60 && snrMinDb <= snrMaxDb))
                throw new IllegalArgumentException("SNR range must lie in [-20, 60] dB with min <= max, got " + snrMinDb + ".." + snrMaxDb);
            if (kinds.isEmpty()) throw new IllegalArgumentException("noise needs at least one kind (babble, white, pink, brown)");
            kinds = Set.copyOf(EnumSet.copyOf(kinds));
        }

        /** The kinds in a fixed order (the order of {@link NoiseKind}), which draws index. */
        public List<NoiseKind> orderedKinds() {
            return EnumSet.copyOf(kinds).stream().toList();
        }
    }

    /**
     * SpecAugment-style masking (Park et al., "SpecAugment", Interspeech 2019), without time warping:
     * {@code freqMasks} bands of 0 to {@code maxFreqWidth} feature bins and {@code timeMasks} spans of 0 to
     * {@code maxTimeWidth} frames, widths and places drawn uniformly ({@link SpecAugment}).
     */
    public record Masking(int freqMasks, int maxFreqWidth, int timeMasks, int maxTimeWidth) {
        public Masking {
            if (freqMasks < 0 || maxFreqWidth < 0 || timeMasks < 0 || maxTimeWidth < 0)
                throw new IllegalArgumentException("mask counts and widths must not be negative, got " + freqMasks + "," + maxFreqWidth + "," + timeMasks + "," + maxTimeWidth);
            if (freqMasks + timeMasks == 0) throw new IllegalArgumentException("masking needs at least one frequency or time mask");
        }

        /** Parses FREQ_MASKS,MAX_FREQ_WIDTH,TIME_MASKS,MAX_TIME_WIDTH. */
        public static Masking parse(List<Integer> v) {
            if (v.size() != 4) throw new IllegalArgumentException("--spec-augment takes FREQ_MASKS,MAX_FREQ_WIDTH,TIME_MASKS,MAX_TIME_WIDTH, got " + v);
            return new Masking(v.get(0), v.get(1), v.get(2), v.get(3));
        }
    }

    static void checkProbability(double p, String what) {
        if (!(p > 0 && p <= 1)) throw new IllegalArgumentException(what + " probability must be in (0, 1], got " + p);
    }

    /** True when nothing is applied. */
    public boolean isOff() {
        return speed == null && reverb == null && noise == null && masking == null;
    }

    /** True when the waveform is changed (speed, reverberation, noise): features are then computed anew per epoch. */
    public boolean changesAudio() {
        return speed != null || reverb != null || noise != null;
    }

    /** The options by their train-am names, only those that are on (so that a run without augmentation records none). */
    public Map<String, String> settings() {
        Map<String, String> m = new LinkedHashMap<>();
        if (speed != null) m.put("--speed-perturb", speed.factors().stream().map(d -> Double.toString(d)).collect(Collectors.joining(",")));
        if (reverb != null) {
            m.put("--reverb-rt60", reverb.rt60Min() + "," + reverb.rt60Max());
            m.put("--reverb-prob", Double.toString(reverb.probability()));
        }
        if (noise != null) {
            m.put("--noise-snr", noise.snrMinDb() + "," + noise.snrMaxDb());
            m.put("--noise-prob", Double.toString(noise.probability()));
            m.put("--noise-kinds", noise.orderedKinds().stream().map(NoiseKind::configName).collect(Collectors.joining(",")));
        }
        if (masking != null)
            m.put("--spec-augment", String.format(Locale.ROOT, "%d,%d,%d,%d", masking.freqMasks(), masking.maxFreqWidth(), masking.timeMasks(), masking.maxTimeWidth()));
        return m;
    }

    /** One line for logs and reports: what is on. */
    public String describe() {
        if (isOff()) return "none";
        return settings().entrySet().stream().map(e -> e.getKey().substring(2) + " " + e.getValue()).collect(Collectors.joining("; "));
    }
}
