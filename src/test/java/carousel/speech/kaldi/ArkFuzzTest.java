package carousel.speech.kaldi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded mutations of valid archives (byte flips, int32 overwrites at random places, insertions,
 * deletions, truncations): every read, sequential or through the original scp offsets, must either
 * succeed or throw {@link KaldiFormatException}. Any other exception (index, out of memory, negative
 * array size, number format) fails, naming the seed and mutation so it can be replayed.
 */
class ArkFuzzTest {

    private static final int MUTANTS_PER_ARCHIVE = 400;

    @TempDir
    Path dir;

    private record Source(String name, byte[] ark, List<ScpEntry> scp, boolean matrices) {
    }

    private Source source(String name, ArkFormat format, boolean matrices, long seed) throws IOException {
        Path ark = dir.resolve(name + ".ark");
        Path scp = dir.resolve(name + ".scp");
        Random rnd = new Random(seed);
        if (matrices) {
            Map<String, FloatMatrix> m = ArkRoundTripTest.randomMatrices(rnd, 4);
            m.replaceAll((k, v) -> v.rows() > 6 ? new FloatMatrix(6, v.cols(), Arrays.copyOf(v.data(), 6 * v.cols())) : v);
            try (ArkWriter<FloatMatrix> w = ArkWriter.matrices(ark, scp, format)) {
                for (var e : m.entrySet()) {
                    w.write(e.getKey(), e.getValue());
                }
            }
        } else {
            Map<String, int[]> m = ArkRoundTripTest.randomVectors(rnd, 4);
            m.replaceAll((k, v) -> Arrays.copyOf(v, Math.min(v.length, 30)));
            try (ArkWriter<int[]> w = ArkWriter.intVectors(ark, scp, format)) {
                for (var e : m.entrySet()) {
                    w.write(e.getKey(), e.getValue());
                }
            }
        }
        return new Source(name, Files.readAllBytes(ark), KaldiScp.read(scp), matrices);
    }

    private static byte[] mutate(byte[] in, Random rnd, StringBuilder log) {
        byte[] b = in.clone();
        int kind = rnd.nextInt(6);
        int at = rnd.nextInt(b.length);
        switch (kind) {
            case 0 -> {
                int flips = 1 + rnd.nextInt(4);
                for (int i = 0; i < flips; i++) {
                    int p = rnd.nextInt(b.length);
                    b[p] = (byte) rnd.nextInt(256);
                }
                log.append("flip ").append(flips).append(" bytes");
            }
            case 1 -> { // an int32 from the edges of the range, where sizes live
                int[] values = {-1, Integer.MIN_VALUE, Integer.MAX_VALUE, 0x10000, 1 << 28, 0, 1, 255};
                int v = values[rnd.nextInt(values.length)];
                for (int i = 0; i < 4 && at + i < b.length; i++) {
                    b[at + i] = (byte) (v >>> (8 * i));
                }
                log.append("int32 ").append(v).append(" at ").append(at);
            }
            case 2 -> {
                b = Arrays.copyOf(b, at);
                log.append("truncate to ").append(at);
            }
            case 3 -> {
                int len = 1 + rnd.nextInt(Math.min(16, b.length - at));
                byte[] c = new byte[b.length - len];
                System.arraycopy(b, 0, c, 0, at);
                System.arraycopy(b, at + len, c, at, b.length - at - len);
                b = c;
                log.append("delete ").append(len).append(" at ").append(at);
            }
            case 4 -> {
                byte[] ins = new byte[1 + rnd.nextInt(8)];
                rnd.nextBytes(ins);
                byte[] c = new byte[b.length + ins.length];
                System.arraycopy(b, 0, c, 0, at);
                System.arraycopy(ins, 0, c, at, ins.length);
                System.arraycopy(b, at, c, at + ins.length, b.length - at);
                b = c;
                log.append("insert ").append(ins.length).append(" at ").append(at);
            }
            default -> {
                byte[] specials = {0, 4, 8, ' ', '\n', '[', ']', 'B', 'F', 'D', 'M', 'C', ';', (byte) 0xff};
                b[at] = specials[rnd.nextInt(specials.length)];
                log.append("special byte at ").append(at);
            }
        }
        return b;
    }

    private void readEverything(Source src, Path file) throws IOException {
        if (src.matrices()) {
            ArkReader.readMatrices(file);
        } else {
            ArkReader.readIntVectors(file);
        }
    }

    private void readThroughScp(Source src, Path file) throws IOException {
        for (ScpEntry e : src.scp()) {
            ScpEntry moved = new ScpEntry(e.key(), file, e.offset());
            if (src.matrices()) {
                KaldiScp.readMatrix(moved);
            } else {
                KaldiScp.readIntVector(moved);
            }
        }
    }

    @Test
    void mutatedArchivesReadOrFailCleanly() throws IOException {
        List<Source> sources = List.of(
                source("mb", ArkFormat.BINARY, true, 1), source("mt", ArkFormat.TEXT, true, 2),
                source("vb", ArkFormat.BINARY, false, 3), source("vt", ArkFormat.TEXT, false, 4));
        Path target = dir.resolve("mutant.ark");
        int failures = 0;
        int successes = 0;
        for (Source src : sources) {
            for (int i = 0; i < MUTANTS_PER_ARCHIVE; i++) {
                long seed = src.name().hashCode() * 1000L + i;
                Random rnd = new Random(seed);
                StringBuilder log = new StringBuilder();
                byte[] mutant = mutate(src.ark(), rnd, log);
                Files.write(target, mutant);
                for (int way = 0; way < 2; way++) {
                    try {
                        if (way == 0) {
                            readEverything(src, target);
                        } else {
                            readThroughScp(src, target);
                        }
                        successes++;
                    } catch (KaldiFormatException e) {
                        failures++;
                        assertTrue(e.getMessage().startsWith(target.toString()), e.getMessage());
                    } catch (Throwable t) {
                        fail("archive " + src.name() + ", seed " + seed + " (" + log + "), "
                                + (way == 0 ? "sequential" : "scp") + " read threw " + t, t);
                    }
                }
            }
        }
        // both outcomes must occur, or the mutations are not exercising the reader
        assertTrue(failures > 100, "only " + failures + " mutants were rejected");
        assertTrue(successes > 100, "only " + successes + " mutants were accepted");
        assertEquals(sources.size() * MUTANTS_PER_ARCHIVE * 2, failures + successes);
    }
}
