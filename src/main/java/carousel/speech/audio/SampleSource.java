package carousel.speech.audio;

import carousel.io.InputFiles;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One channel of an audio file (WAV or NIST SPHERE) read a range of samples at a time, for long
 * recordings in memory that does not grow with their length: each {@link #read} maps just the bytes it
 * decodes and unmaps them after. The header is checked as by {@link AudioReader#read(Path, int)};
 * samples are on Kaldi's 16-bit scale.
 */
public final class SampleSource implements AutoCloseable {

    private final FileChannel file;
    private final DataLayout layout;
    private final int channel;
    private final String source;

    private SampleSource(FileChannel file, DataLayout layout, int channel, String source) {
        this.file = file;
        this.layout = layout;
        this.channel = channel;
        this.source = source;
    }

    /** Opens channel {@code channel} (0-based), or the only channel of a mono file for -1. */
    public static SampleSource open(Path path, int channel) throws IOException {
        String source = path.toString();
        InputFiles.requireRegularFile(path, null);
        if (channel < -1) throw new IllegalArgumentException("channel must be -1 (mono) or >= 0, got " + channel);
        FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
        try (Arena arena = Arena.ofConfined()) {
            long size = ch.size();
            if (size == 0) throw new AudioFormatException(source, "empty file (0 bytes)");
            DataLayout layout = AudioReader.parse(ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena), source);
            return new SampleSource(ch, layout, AudioReader.checkChannel(layout.info(), channel, source), source);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Samples per channel. */
    public long length() {
        return layout.info().numSamplesPerChannel();
    }

    public int sampleRateHz() {
        return layout.info().sampleRateHz();
    }

    /** The file name, as used in messages. */
    public String source() {
        return source;
    }

    /** Decodes samples [start, start + out.length), which must lie inside the file. */
    public void read(long start, float[] out) throws IOException {
        if (start < 0 || start + out.length > length())
            throw new IndexOutOfBoundsException("samples [" + start + ", " + (start + out.length) + ") of " + length());
        if (out.length == 0) return;
        long first = AudioReader.firstByte(layout, channel, start);
        long end = AudioReader.firstByte(layout, channel, start + out.length - 1) + layout.info().encoding().bytesPerSample();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment window = file.map(FileChannel.MapMode.READ_ONLY, first, end - first, arena);
            AudioReader.decodeRange(window, first, layout, channel, start, out, source);
        }
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
