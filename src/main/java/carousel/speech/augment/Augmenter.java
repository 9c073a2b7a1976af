package carousel.speech.augment;

import carousel.speech.audio.Waveform;
import carousel.speech.corpus.PhoneAlignment;
import carousel.speech.feature.FeatureMatrix;
import carousel.tensor.Rng;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Applies {@link AugmentOptions} to one utterance of one epoch: speed perturbation (alignment scaled along),
 * reverberation and additive noise on the waveform ({@link #audio}), masking on the features ({@link #mask}).
 * Every random choice comes from a generator seeded by (seed, epoch, utterance id) alone, so an utterance is
 * augmented the same way whatever the order, the threads, or an interruption and resumption of training: the
 * same seed, epoch and utterance give the same bits. Thread-safe (immutable).
 */
public final class Augmenter {
    /** Seconds of babble track and talkers in it. */
    public static final int BABBLE_SECONDS = 60, BABBLE_TALKERS = 6;
    /** Utterances a babble track is made of, at most. */
    public static final int BABBLE_UTTERANCES = 60;

    private final AugmentOptions opt;
    private final long seed;
    private final double[] babble;

    /**
     * @param babble the babble track ({@link #babbleTrack}); may be null unless babble noise is asked for
     */
    public Augmenter(AugmentOptions opt, long seed, double[] babble) {
        this.opt = opt;
        this.seed = seed;
        this.babble = babble;
        if (needsBabble(opt) && (babble == null || babble.length == 0)) throw new IllegalArgumentException("babble noise needs a babble track");
    }

    public AugmentOptions options() { return opt; }

    /** True when the options ask for babble noise, which needs training audio for its track. */
    public static boolean needsBabble(AugmentOptions opt) {
        return opt.noise() != null && opt.noise().kinds().contains(NoiseKind.BABBLE);
    }

    /** Which of {@code count} candidate utterances make the babble track: at most {@value #BABBLE_UTTERANCES}, chosen by the seed. */
    public static int[] babbleChoice(int count, long seed) {
        Rng r = new Rng(seed ^ 0x6261626C65L);
        int n = Math.min(count, BABBLE_UTTERANCES);
        int[] idx = new int[count];
        for (int i = 0; i < count; i++) idx[i] = i;
        for (int i = 0; i < n; i++) {                          // partial Fisher-Yates
            int j = i + r.nextInt(count - i);
            int t = idx[i]; idx[i] = idx[j]; idx[j] = t;
        }
        return java.util.Arrays.copyOf(idx, n);
    }

    /** The babble track of the chosen utterances' samples ({@link AdditiveNoise#babbleTrack}). */
    public static double[] babbleTrack(List<float[]> utterances, int sampleRateHz, long seed) {
        return AdditiveNoise.babbleTrack(utterances, BABBLE_TALKERS, BABBLE_SECONDS * sampleRateHz, new Rng(seed ^ 0x7472616B4CL));
    }

    /** The generator of one utterance in one epoch, for one purpose (audio 0, masks 1). */
    Rng rng(int epoch, String utteranceId, int purpose) {
        long h = 0xcbf29ce484222325L;                          // FNV-1a of the id's UTF-8 bytes
        for (byte b : utteranceId.getBytes(StandardCharsets.UTF_8)) h = (h ^ (b & 0xff)) * 0x100000001b3L;
        Rng r = new Rng(seed * 0x9E3779B97F4A7C15L + epoch * 0xBF58476D1CE4E5B9L + h + purpose * 0x94D049BB133111EBL);
        r.nextLong();
        return r;
    }

    /** A waveform with its alignment after augmentation, and what was done (for logs). */
    public record Audio(Waveform waveform, PhoneAlignment alignment, String applied) {}

    /** Speed, reverberation and noise, as the options ask, for utterance {@code id} in {@code epoch}. */
    public Audio audio(Waveform w, PhoneAlignment alignment, int epoch, String id) {
        Rng r = rng(epoch, id, 0);
        StringBuilder done = new StringBuilder();
        if (opt.speed() != null) {
            List<Double> f = opt.speed().factors();
            double factor = f.get(r.nextInt(f.size()));
            if (factor != 1) {
                Waveform s = SpeedPerturbation.apply(w, factor);
                alignment = SpeedPerturbation.scale(alignment, w.numSamples(), s.numSamples());
                w = s;
                done.append("speed ").append(factor).append(' ');
            }
        }
        float[] x = w.samples();
        if (opt.reverb() != null && r.nextDouble() < opt.reverb().probability()) {
            double rt60 = r.uniform(opt.reverb().rt60Min(), opt.reverb().rt60Max());
            x = RoomReverb.apply(x, RoomReverb.impulseResponse(rt60, w.sampleRateHz(), r));
            done.append(String.format(java.util.Locale.ROOT, "reverb %.2fs ", rt60));
        }
        if (opt.noise() != null && r.nextDouble() < opt.noise().probability()) {
            List<NoiseKind> kinds = opt.noise().orderedKinds();
            NoiseKind kind = kinds.get(r.nextInt(kinds.size()));
            double snr = r.uniform(opt.noise().snrMinDb(), opt.noise().snrMaxDb());
            if (kind == NoiseKind.BABBLE) x = AdditiveNoise.mix(x, babble, r.nextInt(babble.length), snr);
            else x = AdditiveNoise.mix(x, AdditiveNoise.coloured(kind, x.length, r), 0, snr);
            done.append(String.format(java.util.Locale.ROOT, "%s %.1fdB ", kind.configName(), snr));
        }
        Waveform out = x == w.samples() ? w : new Waveform(w.source(), w.sampleRateHz(), x);
        return new Audio(out, alignment, done.toString().trim());
    }

    /** The features masked as the options ask ({@link SpecAugment}); the same matrix when masking is off. */
    public FeatureMatrix mask(FeatureMatrix f, int blocks, float[] fill, int epoch, String id) {
        if (opt.masking() == null) return f;
        return SpecAugment.apply(f, opt.masking(), blocks, fill, rng(epoch, id, 1));
    }
}
