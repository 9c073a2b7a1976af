package carousel.speech.kaldi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KaldiScpTest {

    @TempDir
    Path dir;

    private String error(String scpText) throws IOException {
        Path scp = dir.resolve("x.scp");
        Files.writeString(scp, scpText);
        return assertThrows(KaldiFormatException.class, () -> KaldiScp.read(scp)).getMessage();
    }

    @Test
    void parsesPathsWithAndWithoutOffsets() throws IOException {
        Path scp = dir.resolve("feats.scp");
        Files.writeString(scp, "a /data/raw_mfcc.1.ark:13\n\nb  rel/one.mat \r\nc C:/odd:name.ark:0\n");
        assertEquals(List.of(new ScpEntry("a", Path.of("/data/raw_mfcc.1.ark"), 13), new ScpEntry("b", Path.of("rel/one.mat"), 0),
                new ScpEntry("c", Path.of("C:/odd:name.ark"), 0)), KaldiScp.read(scp));
        assertEquals("a /data/raw_mfcc.1.ark:13", KaldiScp.index(scp).get("a").toString());
    }

    @Test
    void unsupportedAndMalformedEntries() throws IOException {
        Path scp = dir.resolve("x.scp");
        assertEquals(scp + ":2: 'b': unsupported: scp entry is a command ('gunzip -c b.ark.gz |')",
                error("a a.ark:1\nb gunzip -c b.ark.gz |\n"));
        assertEquals(scp + ":1: 'a': unsupported: row/column ranges in scp entries ('a.ark:10[0:4]')",
                error("a a.ark:10[0:4]\n"));
        assertEquals(scp + ":1: 'a': unsupported: scp entry reads standard input ('-')", error("a -\n"));
        assertEquals(scp + ":1: 'a': no file after the key", error("a\n"));
        assertEquals(scp + ":3: 'a': key appears twice (first on line 1)", error("a x:1\nb y:2\na z:3\n"));
        assertEquals(scp + ":1: 'a': offset is not a valid number: '99999999999999999999'", error("a x:99999999999999999999\n"));
    }

    @Test
    void wholeFileEntriesReadFromTheStart() throws IOException {
        // a single binary matrix file, as "copy-feats ark:x.ark x.mat" writes it: no key, just \0B and the matrix
        byte[] entry = ArkBytesTest.FLOAT_MATRIX_ENTRY;
        Path mat = dir.resolve("one.mat");
        Files.write(mat, java.util.Arrays.copyOfRange(entry, 5, entry.length));
        Path scp = dir.resolve("one.scp");
        Files.writeString(scp, "utt1 " + mat + "\n");
        Map<String, ScpEntry> idx = KaldiScp.index(scp);
        assertEquals(ArkBytesTest.M, KaldiScp.readMatrix(idx.get("utt1")));
    }
}
