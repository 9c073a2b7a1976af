package carousel.speech.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AudioHeaderTest {

    @TempDir
    Path dir;

    @Test
    void riffSampleCountSkipsOtherChunksIncludingPadding() throws IOException {
        Path f = dir.resolve("a.wav");
        TestFiles.writeWav(f, 16000, 12345);
        AudioHeader h = AudioHeader.read(f, "U");
        assertEquals(new AudioHeader(16000, 1, 12345), h);
        assertEquals(12345 / 16000.0, h.seconds(), 1e-12);
    }

    @Test
    void sphereSampleCountComesFromTheHeader() throws IOException {
        Path f = dir.resolve("a.wav");
        TestFiles.writeSphere(f, 16000, 46797);
        assertEquals(new AudioHeader(16000, 1, 46797), AudioHeader.read(f, "U"));
    }

    @Test
    void truncatedRiffDataIsAnErrorNamingTheFile() throws IOException {
        Path f = dir.resolve("t.wav");
        TestFiles.writeWav(f, 16000, 1000);
        byte[] b = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(b, b.length - 10));
        CorpusFormatException e = assertThrows(CorpusFormatException.class, () -> AudioHeader.read(f, "SPK_SX1"));
        assertTrue(e.getMessage().startsWith("SPK_SX1: " + f + ": truncated WAVE file"), e.getMessage());
    }

    @Test
    void otherFilesAreRejected() throws IOException {
        Path f = dir.resolve("x.wav");
        Files.writeString(f, "hello world");
        CorpusFormatException e = assertThrows(CorpusFormatException.class, () -> AudioHeader.read(f, "U"));
        assertTrue(e.getMessage().contains("not a RIFF WAVE or NIST SPHERE audio file (starts with 'hello wo')"),
                e.getMessage());
        Path empty = dir.resolve("e.wav");
        Files.write(empty, new byte[0]);
        assertThrows(CorpusFormatException.class, () -> AudioHeader.read(empty, "U"));
        Path noData = dir.resolve("n.wav");
        TestFiles.writeWav(noData, 16000, 10);
        byte[] b = Files.readAllBytes(noData);
        b[b.length - 28] = 'X'; // 'data' -> 'Xata': the chunk is no longer found
        Files.write(noData, b);
        CorpusFormatException e2 = assertThrows(CorpusFormatException.class, () -> AudioHeader.read(noData, "U"));
        assertTrue(e2.getMessage().endsWith("WAVE file has no 'data' chunk"), e2.getMessage());
    }
}
