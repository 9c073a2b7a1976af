package carousel.cli;

import carousel.io.FormatException;
import carousel.io.Npy;
import carousel.io.NpyArray;
import carousel.speech.audio.SampleSource;
import carousel.speech.audio.Waveform;
import carousel.speech.dataset.UtteranceFeatures;
import carousel.speech.feature.BlockFeatures;
import carousel.speech.feature.FeatureComputer;
import carousel.speech.feature.FeatureKind;
import carousel.speech.feature.FeatureMatrix;
import carousel.speech.feature.FeaturePipeline;
import carousel.speech.kaldi.ArkFormat;
import carousel.speech.kaldi.ArkWriter;
import carousel.speech.kaldi.FloatMatrix;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.Unmatched;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code carousel features fbank|mfcc}: Kaldi features of one audio file, written as .npy or as a Kaldi
 * archive. Kaldi options ({@code --name=value}) are passed through to {@code FbankOptions} /
 * {@code MfccOptions} unchanged; the two commands below differ only in which.
 */
abstract class FeatureFileCommand implements Callable<Integer> {
    /** How the output file is written. */
    enum Format {
        NPY("npy"), ARK("ark"), TEXT_ARK("text-ark");

        final String cliName;

        Format(String cliName) {
            this.cliName = cliName;
        }

        /** The format an output name implies: .npy, .ark, .txt or .ark.txt (any case). */
        static Format fromFileName(Path out) {
            String name = out.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".npy")) return NPY;
            if (name.endsWith(".ark")) return ARK;
            if (name.endsWith(".txt")) return TEXT_ARK;
            throw new IllegalArgumentException(out + ": cannot tell the output format from the name (.npy, .ark, .txt or .ark.txt); give --format npy|ark|text-ark");
        }

        static final class Converter implements ITypeConverter<Format> {
            @Override
            public Format convert(String value) {
                for (Format f : values()) if (f.cliName.equals(value)) return f;
                throw new TypeConversionException("expected npy, ark or text-ark, got '" + value + "'");
            }
        }
    }

    @Parameters(index = "0", paramLabel = "IN", description = "Audio file: RIFF WAVE (8-32-bit PCM, float, A/mu-law) or NIST SPHERE (TIMIT's .WAV); mono, or one --channel.")
    Path in;

    @Parameters(index = "1", paramLabel = "OUT", description = "Output: .npy (float32, frames × dims), .ark (binary Kaldi archive) or .txt / .ark.txt (text archive).")
    Path out;

    @Option(names = "--format", paramLabel = "npy|ark|text-ark", converter = Format.Converter.class, description = "npy, ark or text-ark (default: from OUT's extension).")
    Format format;

    @Option(names = "--channel", defaultValue = "-1", description = "Channel of a multi-channel file, from 0 (0 = left, 1 = right);"
            + " -1 (default) expects mono, as Kaldi's --channel.")
    int channel;

    @Option(names = "--key", description = "Archive key (default: IN's base name, SX128 for SX128.WAV).")
    String key;

    @Mixin
    PostProcessing post;

    @Unmatched
    List<String> kaldiArgs = new ArrayList<>();

    /** Which feature this command computes. */
    abstract FeatureKind kind();

    @Override
    public Integer call() throws IOException {
        FeaturePipeline pipeline = post.pipeline(kind(), kaldiArgs);
        Format f = format != null ? format : Format.fromFileName(out);
        String k = key != null ? key : baseName(in);
        if (f != Format.NPY && (k.isEmpty() || k.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))))
            throw new IllegalArgumentException("archive key '" + k + "' is empty or has spaces; give --key");
        FeatureComputer computer = pipeline.computer();
        if (f == Format.NPY && post.isIdentity() && writeInBlocks(computer)) return 0;
        Waveform audio = UtteranceFeatures.readAudio(in, channel);
        long samplesAtRate = Math.round(audio.samples().length * computer.frameOptions().sampleFrequencyHz() / audio.sampleRateHz());
        if (computer.frameOptions().numFrames(samplesAtRate) == 0) throw tooShort(audio.samples().length, audio.sampleRateHz(), computer);
        FeatureMatrix feats = pipeline.features(computer, audio);
        switch (f) {
            case NPY -> Npy.write(out, new NpyArray(new int[]{feats.numFrames(), feats.dim()}, feats.data()));
            case ARK, TEXT_ARK -> {
                try (ArkWriter<FloatMatrix> w = ArkWriter.matrices(out, f == Format.ARK ? ArkFormat.BINARY : ArkFormat.TEXT)) {
                    w.write(k, new FloatMatrix(feats.numFrames(), feats.dim(), feats.data()));
                }
            }
        }
        System.err.printf("wrote %s: %d frames × %d%n", out, feats.numFrames(), feats.dim());
        return 0;
    }

    /** Frames per block when features are written as they are computed: 100 s at the usual 10 ms shift. */
    static final int BLOCK_FRAMES = 10_000;

    /**
     * Features straight from the mapped file to the .npy, a block of frames at a time (memory that does not
     * grow with the recording), when the options allow it ({@link BlockFeatures#supports}); false otherwise.
     */
    private boolean writeInBlocks(FeatureComputer computer) throws IOException {
        if (channel < -1) throw new IllegalArgumentException("--channel must be -1 (mono) or a channel number from 0, got " + channel);
        try (SampleSource audio = SampleSource.open(in, channel)) {
            if (!BlockFeatures.supports(computer, audio.sampleRateHz())) return false;
            int frames = computer.frameOptions().numFrames(audio.length());
            if (frames == 0) throw tooShort(audio.length(), audio.sampleRateHz(), computer);
            try (Npy.FloatWriter w = Npy.startFloat(out, new int[]{frames, computer.dim()})) {
                BlockFeatures.compute(computer, audio, BLOCK_FRAMES, b -> w.write(b.data(), b.numFrames() * b.dim()));
            }
            System.err.printf("wrote %s: %d frames × %d%n", out, frames, computer.dim());
            return true;
        }
    }

    private FormatException tooShort(long samples, int rateHz, FeatureComputer computer) {
        return new FormatException(in.toString(), String.format(java.util.Locale.ROOT, "%d samples (%.1f ms) are shorter than one frame of %.1f ms: no features",
                samples, 1000.0 * samples / rateHz, computer.frameOptions().frameLengthMs()));
    }

    /** The file name without its last extension: {@code SX128} for {@code .../SX128.WAV}. */
    static String baseName(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    @Command(name = "fbank", mixinStandardHelpOptions = true,
            description = {"Computes Kaldi log-mel filterbank features (as compute-fbank-feats) of one",
                    "audio file; writes them as .npy (float32, frames × dims) or as a Kaldi archive",
                    "keyed by the file's base name.",
                    "Example: carousel features fbank --num-mel-bins=40 --add-deltas in.wav out.npy"},
            footer = {"", "Kaldi options, --name=value as for compute-fbank-feats; the main ones, with",
                    "their defaults (an unknown name is an error that lists all known ones):",
                    "  --num-mel-bins=23         triangular mel filters",
                    "  --frame-length=25         ms per frame",
                    "  --frame-shift=10          ms between frames",
                    "  --sample-frequency=16000  Hz the audio must have (else --allow-downsample)",
                    "  --low-freq=20             Hz, lower edge of the first filter",
                    "  --high-freq=0             Hz, upper edge of the last (0 = Nyquist, <0 below)",
                    "  --use-energy=false        log frame energy as an extra first column",
                    "  --energy-floor=0          floor on the energy (for digital silence)",
                    "  --snip-edges=true         only frames that fit in the signal",
                    "  --window-type=povey       or hamming, hanning, rectangular, blackman, sine",
                    "  --preemphasis-coefficient=0.97",
                    "  --dither=0                Kaldi's default is 1.0; ours is 0: deterministic"})
    static final class Fbank extends FeatureFileCommand {
        @Override
        FeatureKind kind() {
            return FeatureKind.FBANK;
        }
    }

    @Command(name = "mfcc", mixinStandardHelpOptions = true,
            description = {"Computes Kaldi mel-frequency cepstral coefficients (as compute-mfcc-feats) of",
                    "one audio file; writes them as .npy (float32, frames × dims) or as a Kaldi",
                    "archive keyed by the file's base name.",
                    "Example: carousel features mfcc --num-ceps=20 --cmvn=mean --add-deltas a.wav a.ark"},
            footer = {"", "Kaldi options, --name=value as for compute-mfcc-feats; the main ones, with",
                    "their defaults (an unknown name is an error that lists all known ones):",
                    "  --num-ceps=13             cepstra, C0 included",
                    "  --num-mel-bins=23         triangular mel filters",
                    "  --use-energy=true         the log frame energy replaces C0",
                    "  --cepstral-lifter=22      c_i scaled by 1 + (L/2) sin(pi i / L); 0 = none",
                    "  --frame-length=25         ms per frame",
                    "  --frame-shift=10          ms between frames",
                    "  --sample-frequency=16000  Hz the audio must have (else --allow-downsample)",
                    "  --low-freq=20             Hz, lower edge of the first filter",
                    "  --high-freq=0             Hz, upper edge of the last (0 = Nyquist, <0 below)",
                    "  --snip-edges=true         only frames that fit in the signal",
                    "  --window-type=povey       or hamming, hanning, rectangular, blackman, sine",
                    "  --dither=0                Kaldi's default is 1.0; ours is 0: deterministic"})
    static final class Mfcc extends FeatureFileCommand {
        @Override
        FeatureKind kind() {
            return FeatureKind.MFCC;
        }
    }
}
