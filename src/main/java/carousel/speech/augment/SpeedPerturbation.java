package carousel.speech.augment;

import carousel.speech.audio.Resampler;
import carousel.speech.audio.Waveform;
import carousel.speech.corpus.PhoneAlignment;
import carousel.speech.corpus.PhoneSegment;

import java.util.ArrayList;
import java.util.List;

/**
 * Speed perturbation as in Kaldi's recipes ({@code sox speed f}, Ko et al., Interspeech 2015): the samples
 * are read as if recorded at f × the rate and resampled back to the rate ({@link Resampler}, band-limited
 * sinc), so the utterance lasts 1/f as long with tempo and pitch scaled by f. Its phone alignment is scaled
 * to match: every boundary b becomes round(b · n'/n) for n and n' samples before and after, so the last
 * boundary lands on n' exactly and the frame targets computed from it stay aligned. A phone whose scaled
 * length rounds to zero samples is dropped.
 */
public final class SpeedPerturbation {
    private SpeedPerturbation() {}

    /** The rate the samples are read at: f × the rate, which must be a whole number of Hz. */
    static int perturbedRate(int sampleRateHz, double factor) {
        double r = sampleRateHz * factor;
        long rounded = Math.round(r);
        if (Math.abs(r - rounded) > 1e-6) throw new IllegalArgumentException("speed factor " + factor + " × " + sampleRateHz + " Hz is not a whole number of Hz");
        return (int) rounded;
    }

    /** The waveform at speed {@code factor}: about n / factor samples at the same rate; the same waveform for 1. */
    public static Waveform apply(Waveform w, double factor) {
        if (factor == 1) return w;
        Resampler r = new Resampler(perturbedRate(w.sampleRateHz(), factor), w.sampleRateHz());
        return new Waveform(w.source(), w.sampleRateHz(), r.resample(w.samples()));
    }

    /** The alignment of {@code oldSamples} samples scaled onto {@code newSamples}. */
    public static PhoneAlignment scale(PhoneAlignment a, long oldSamples, long newSamples) {
        List<PhoneSegment> out = new ArrayList<>();
        for (PhoneSegment s : a.segments()) {
            long start = Math.round((double) s.startSample() * newSamples / oldSamples);
            long end = Math.round((double) s.endSample() * newSamples / oldSamples);
            if (end > start) out.add(new PhoneSegment(start, end, s.phone(), s.line()));
        }
        return new PhoneAlignment(a.utteranceId(), a.source(), out);
    }
}
