package carousel.speech.audio;

import carousel.io.InputFiles;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads one channel of a WAV or NIST SPHERE file into a {@link Waveform} on Kaldi's 16-bit scale.
 *
 * <p>The format is recognised from the magic bytes ("RIFF"..."WAVE" or "NIST_1A"), never from the file name, so
 * TIMIT's SPHERE files named {@code .WAV} read correctly. Files are memory-mapped while they are decoded; every
 * size in a header is checked against the file length before anything is allocated from it, so a damaged file
 * gives an {@link AudioFormatException} naming the file and the problem, never an out-of-memory or index error.
 *
 * <p>{@code read(path)} wants mono audio and refuses multi-channel files; {@code read(path, channel)} picks one
 * channel (0-based). Kaldi's {@code --channel=-1} instead falls back to channel 0 with a warning.
 */
public final class AudioReader {
    /** Sample rates above this (10 MHz) are taken as a damaged header. */
    static final int MAX_SAMPLE_RATE_HZ = 10_000_000;

    private AudioReader() {
    }

    /** Reads a mono file; a multi-channel file is an error that suggests choosing a channel. */
    public static Waveform read(Path path) throws IOException {
        return read(path, -1);
    }

    /**
     * Reads channel {@code channel} (0-based) of a file, or, for {@code channel == -1}, the only channel of a
     * mono file.
     */
    public static Waveform read(Path path, int channel) throws IOException {
        checkChannelArgument(channel);
        String source = path.toString();
        InputFiles.requireRegularFile(path, null);
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ); Arena arena = Arena.ofConfined()) {
            long size = ch.size();
            if (size == 0) {
                throw new AudioFormatException(source, "empty file (0 bytes)");
            }
            MemorySegment seg = ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            return decode(seg, source, channel);
        }
    }

    /** Reads a mono WAV or SPHERE image held in memory; {@code source} names it in error messages. */
    public static Waveform read(byte[] bytes, String source) throws AudioFormatException {
        return read(bytes, source, -1);
    }

    /** Reads channel {@code channel} (0-based, or -1 for mono) of a WAV or SPHERE image held in memory. */
    public static Waveform read(byte[] bytes, String source, int channel) throws AudioFormatException {
        checkChannelArgument(channel);
        if (bytes.length == 0) {
            throw new AudioFormatException(source, "empty file (0 bytes)");
        }
        return decode(MemorySegment.ofArray(bytes), source, channel);
    }

    /** What the header of a file says (format, rate, channels, length), checked but without decoding samples. */
    public static AudioInfo probe(Path path) throws IOException {
        String source = path.toString();
        InputFiles.requireRegularFile(path, null);
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ); Arena arena = Arena.ofConfined()) {
            long size = ch.size();
            if (size == 0) {
                throw new AudioFormatException(source, "empty file (0 bytes)");
            }
            return parse(ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena), source).info();
        }
    }

    /** What the header of an in-memory image says. */
    public static AudioInfo probe(byte[] bytes, String source) throws AudioFormatException {
        if (bytes.length == 0) {
            throw new AudioFormatException(source, "empty file (0 bytes)");
        }
        return parse(MemorySegment.ofArray(bytes), source).info();
    }

    private static void checkChannelArgument(int channel) {
        if (channel < -1) {
            throw new IllegalArgumentException("channel must be -1 (mono) or a 0-based channel index, got " + channel);
        }
    }

    static DataLayout parse(MemorySegment seg, String source) throws AudioFormatException {
        if (HeaderBytes.startsWith(seg, 0, "RIFF")) {
            return WavParser.parse(seg, source);
        }
        if (HeaderBytes.startsWith(seg, 0, "NIST_1A")) {
            return SphereParser.parse(seg, source);
        }
        String problem;
        if (HeaderBytes.startsWith(seg, 0, "RIFX")) {
            problem = "big-endian RIFX WAV is not supported";
        } else if (HeaderBytes.startsWith(seg, 0, "RF64")) {
            problem = "RF64 (64-bit WAV) is not supported";
        } else if (HeaderBytes.startsWith(seg, 0, "FORM")) {
            problem = "AIFF is not supported (convert to WAV)";
        } else if (HeaderBytes.startsWith(seg, 0, "fLaC")) {
            problem = "FLAC is not supported (convert to WAV)";
        } else if (HeaderBytes.startsWith(seg, 0, "OggS")) {
            problem = "Ogg is not supported (convert to WAV)";
        } else {
            int n = (int) Math.min(4, seg.byteSize());
            problem = "unknown audio format (starts with " + HeaderBytes.quoteId(HeaderBytes.latin1(seg, 0, n))
                    + "; WAV and NIST SPHERE are supported)";
        }
        throw new AudioFormatException(source, problem);
    }

    private static Waveform decode(MemorySegment seg, String source, int channel) throws AudioFormatException {
        DataLayout layout = parse(seg, source);
        AudioInfo info = layout.info();
        channel = checkChannel(info, channel, source);
        long n = info.numSamplesPerChannel();
        if (n > Integer.MAX_VALUE - 8) {
            throw new AudioFormatException(source, "has " + n + " samples per channel, too many for one array");
        }
        float[] out = new float[(int) n];
        decodeRange(seg, 0, layout, channel, 0, out, source);
        return new Waveform(source, info.sampleRateHz(), out);
    }

    /** The channel to read: {@code channel}, or 0 for -1 when the audio is mono; an error naming the file otherwise. */
    static int checkChannel(AudioInfo info, int channel, String source) throws AudioFormatException {
        if (channel == -1) {
            if (info.numChannels() != 1) {
                throw new AudioFormatException(source, "has " + info.numChannels()
                        + " channels; choose one (features: --channel=0 for the first)");
            }
            return 0;
        }
        if (channel >= info.numChannels()) {
            throw new AudioFormatException(source, "has " + info.numChannels() + " channel(s); there is no channel "
                    + channel + " (channels are numbered from 0)");
        }
        return channel;
    }

    /**
     * Decodes samples [start, start + out.length) of {@code channel} from {@code seg}, which holds the file's
     * bytes from byte {@code base} on; float samples must be finite.
     */
    static void decodeRange(MemorySegment seg, long base, DataLayout layout, int channel, long start, float[] out, String source)
            throws AudioFormatException {
        AudioInfo info = layout.info();
        long offset = firstByte(layout, channel, start) - base;
        decodeSamples(seg, offset, layout.frameBytes(), layout.byteOrder(), info.encoding(), out);
        if (info.encoding() == SampleEncoding.FLOAT32 || info.encoding() == SampleEncoding.FLOAT64) {
            for (int i = 0; i < out.length; i++) {
                if (!Float.isFinite(out[i])) {
                    throw new AudioFormatException(source, "sample " + (start + i) + " of channel " + channel
                            + " is not a finite number (" + out[i] + ")");
                }
            }
        }
    }

    /** Byte offset in the file of sample {@code sample} of {@code channel}. */
    static long firstByte(DataLayout layout, int channel, long sample) {
        return layout.dataOffset() + sample * layout.frameBytes() + (long) channel * layout.info().encoding().bytesPerSample();
    }

    /** Decodes {@code out.length} samples, the first at byte {@code offset}, then every {@code stride} bytes. */
    private static void decodeSamples(MemorySegment seg, long offset, int stride, ByteOrder order,
                                      SampleEncoding encoding, float[] out) {
        ValueLayout.OfShort s16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(order);
        ValueLayout.OfInt s32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(order);
        ValueLayout.OfFloat f32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(order);
        ValueLayout.OfDouble f64 = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(order);
        boolean little = order == ByteOrder.LITTLE_ENDIAN;
        long pos = offset;
        switch (encoding) {
            case PCM_U8 -> {
                for (int i = 0; i < out.length; i++, pos += stride) {
                    out[i] = (Byte.toUnsignedInt(seg.get(ValueLayout.JAVA_BYTE, pos)) - 128) * 256f;
                }
            }
            case PCM_S16 -> {
                for (int i = 0; i < out.length; i++, pos += stride) {
                    out[i] = seg.get(s16, pos);
                }
            }
            case PCM_S24 -> {
                for (int i = 0; i < out.length; i++, pos += stride) {
                    int b0 = Byte.toUnsignedInt(seg.get(ValueLayout.JAVA_BYTE, pos));
                    int b1 = Byte.toUnsignedInt(seg.get(ValueLayout.JAVA_BYTE, pos + 1));
                    int b2 = Byte.toUnsignedInt(seg.get(ValueLayout.JAVA_BYTE, pos + 2));
                    int v = little ? (b0 | b1 << 8 | b2 << 16) : (b2 | b1 << 8 | b0 << 16);
                    out[i] = ((v << 8) >> 8) / 256f;   // sign-extend 24 bits; exact in float
                }
            }
            case PCM_S32 -> {
                for (int i = 0; i < out.length; i++, pos += stride) {
                    out[i] = (float) (seg.get(s32, pos) / 65536.0);
                }
            }
            case FLOAT32 -> {
                for (int i = 0; i < out.length; i++, pos += stride) {
                    out[i] = seg.get(f32, pos) * 32768f;
                }
            }
            case FLOAT64 -> {
                for (int i = 0; i < out.length; i++, pos += stride) {
                    out[i] = (float) (seg.get(f64, pos) * 32768.0);
                }
            }
            case MULAW -> {
                for (int i = 0; i < out.length; i++, pos += stride) {
                    out[i] = G711.muLaw(seg.get(ValueLayout.JAVA_BYTE, pos));
                }
            }
            case ALAW -> {
                for (int i = 0; i < out.length; i++, pos += stride) {
                    out[i] = G711.aLaw(seg.get(ValueLayout.JAVA_BYTE, pos));
                }
            }
        }
    }
}
