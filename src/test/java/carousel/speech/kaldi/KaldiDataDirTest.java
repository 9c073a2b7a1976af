package carousel.speech.kaldi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KaldiDataDirTest {

    @TempDir
    Path dir;

    private void write(String name, String content) throws IOException {
        Files.writeString(dir.resolve(name), content);
    }

    @Test
    void readsAHandWrittenDirectory() throws IOException {
        write("wav.scp", "fadg0_si1279 /corpus/TEST/DR4/FADG0/SI1279.WAV\nfadg0_sx109 /corpus/TEST/DR4/FADG0/SX109.WAV\n");
        write("text", "fadg0_si1279 sil dh ax sil\nfadg0_sx109 \n");
        write("utt2spk", "fadg0_si1279 fadg0\nfadg0_sx109 fadg0\n");
        write("spk2utt", "fadg0 fadg0_si1279 fadg0_sx109\n");
        KaldiDataDir d = KaldiDataDir.read(dir);
        assertEquals(Path.of("/corpus/TEST/DR4/FADG0/SX109.WAV"), d.wavScp().get("fadg0_sx109"));
        assertEquals("sil dh ax sil", d.text().get("fadg0_si1279"));
        assertEquals("", d.text().get("fadg0_sx109"));
        assertEquals(Map.of("fadg0", List.of("fadg0_si1279", "fadg0_sx109")), d.spk2utt());
        assertEquals(List.of("fadg0_si1279", "fadg0_sx109"), List.copyOf(d.utterances()));
    }

    @Test
    void pipedWavScpEntriesAreUnsupported() throws IOException {
        write("wav.scp", "a /x/a.wav\nb /usr/bin/sph2pipe -f wav /x/B.WAV |\n");
        KaldiFormatException e = assertThrows(KaldiFormatException.class, () -> KaldiDataDir.read(dir));
        assertEquals(dir.resolve("wav.scp") + ":2: 'b': unsupported: wav.scp entry is a command"
                + " ('/usr/bin/sph2pipe -f wav /x/B.WAV |'); convert the audio to files and list their paths", e.getMessage());
    }

    @Test
    void writesSortedFilesAndReadsThemBack() throws IOException {
        KaldiDataDir d = KaldiDataDir.of(
                Map.of("rec2", Path.of("/a/2.wav"), "rec1", Path.of("/a/1.wav")),
                Map.of("s2_u1", "b c", "s1_u1", "a", "s1_u2", ""),
                Map.of("s2_u1", "s2", "s1_u1", "s1", "s1_u2", "s1"),
                Map.of("s2_u1", new Segment("rec2", 0, 1.5), "s1_u1", new Segment("rec1", 0.25, 2),
                        "s1_u2", new Segment("rec1", 2, Segment.TO_END)));
        Path out = dir.resolve("out");
        d.write(out);
        assertEquals("rec1 /a/1.wav\nrec2 /a/2.wav\n", Files.readString(out.resolve("wav.scp")));
        assertEquals("s1_u1 a\ns1_u2\ns2_u1 b c\n", Files.readString(out.resolve("text")));
        assertEquals("s1_u1 s1\ns1_u2 s1\ns2_u1 s2\n", Files.readString(out.resolve("utt2spk")));
        assertEquals("s1 s1_u1 s1_u2\ns2 s2_u1\n", Files.readString(out.resolve("spk2utt")));
        assertEquals("s1_u1 rec1 0.25 2\ns1_u2 rec1 2 -1\ns2_u1 rec2 0 1.5\n", Files.readString(out.resolve("segments")));
        assertEquals(d, KaldiDataDir.read(out));
    }

    @Test
    void inconsistentDirectoriesAreRejected() throws IOException {
        write("wav.scp", "u1 /a.wav\nu2 /b.wav\n");
        write("utt2spk", "u1 s\n");
        KaldiFormatException e = assertThrows(KaldiFormatException.class, () -> KaldiDataDir.read(dir));
        assertEquals(dir + ": inconsistent data directory: utt2spk and wav.scp list different utterances: 'u2' is in"
                + " wav.scp but not in utt2spk", e.getMessage());
        write("utt2spk", "u1 s\nu2 s\n");
        write("spk2utt", "s u1\n");
        KaldiFormatException s = assertThrows(KaldiFormatException.class, () -> KaldiDataDir.read(dir));
        assertTrue(s.getMessage().startsWith(dir.resolve("spk2utt") + ": spk2utt does not agree with utt2spk"), s.getMessage());
        write("spk2utt", "s u1 u2\n");
        write("segments", "u1 recX 0 1\n");
        assertTrue(assertThrows(KaldiFormatException.class, () -> KaldiDataDir.read(dir)).getMessage()
                .contains("utterance 'u1' is in recording 'recX', which wav.scp does not list"));
        write("segments", "u1 u1 1 0.5\n");
        assertEquals(dir.resolve("segments") + ":1: 'u1': bad segment: segment end must be after its start (1.0 s) or -1"
                + " for the end of the recording, got 0.5", assertThrows(KaldiFormatException.class, () -> KaldiDataDir.read(dir)).getMessage());
        write("segments", "u1 u1 0 x\n");
        assertTrue(assertThrows(KaldiFormatException.class, () -> KaldiDataDir.read(dir)).getMessage()
                .startsWith(dir.resolve("segments") + ":1: 'u1': bad segment: "));
        Files.delete(dir.resolve("segments"));
        write("utt2spk", "u1 s extra\nu2 s\n");
        assertEquals(dir.resolve("utt2spk") + ":1: 'u1': expected 'utterance speaker', got 2 fields after the utterance",
                assertThrows(KaldiFormatException.class, () -> KaldiDataDir.read(dir)).getMessage());
    }

    @Test
    void emptyDirectoryIsNotADataDirectory() {
        IOException e = assertThrows(IOException.class, () -> KaldiDataDir.read(dir));
        assertEquals("not a Kaldi data directory: " + dir + " has none of wav.scp, text, utt2spk, spk2utt, segments",
                e.getMessage());
    }

    @Test
    void kaldiOrderIsCodePointOrder() {
        assertTrue(KaldiDataDir.KALDI_ORDER.compare("A", "a") < 0);
        assertTrue(KaldiDataDir.KALDI_ORDER.compare("a", "a_b") < 0);
        assertTrue(KaldiDataDir.KALDI_ORDER.compare("a-b", "a_b") < 0);
        // U+FF5E (3 UTF-8 bytes) sorts before U+1F600 (4 UTF-8 bytes), though its UTF-16 unit is larger
        assertTrue(KaldiDataDir.KALDI_ORDER.compare("\uFF5E", "\uD83D\uDE00") < 0);
        assertTrue("\uFF5E".compareTo("\uD83D\uDE00") > 0);
    }
}
