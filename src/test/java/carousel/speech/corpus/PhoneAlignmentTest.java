package carousel.speech.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PhoneAlignmentTest {

    @TempDir
    Path dir;

    private PhoneAlignment parse(String text) throws IOException {
        Path f = dir.resolve("SX1.PHN");
        TestFiles.writeText(f, text);
        return PhoneAlignment.read(f, "SPK0_SX1");
    }

    private String error(String text) {
        return assertThrows(CorpusFormatException.class, () -> parse(text)).getMessage();
    }

    private String coverError(String text, long numSamples, long tail) throws IOException {
        PhoneAlignment a = parse(text);
        return assertThrows(CorpusFormatException.class, () -> a.coverAudio(numSamples, tail)).getMessage();
    }

    private String where(int line) {
        return "SPK0_SX1: " + dir.resolve("SX1.PHN") + ":" + line + ": ";
    }

    @Test
    void parsesSegmentsWithLineNumbers() throws IOException {
        PhoneAlignment a = parse("0 3050 h#\n\n3050 4559 sh\n4559 5723 ix\t\n");
        assertEquals(List.of(new PhoneSegment(0, 3050, "h#", 1), new PhoneSegment(3050, 4559, "sh", 3),
                new PhoneSegment(4559, 5723, "ix", 4)), a.segments());
        assertEquals(5723, a.endSample());
        assertEquals(List.of("h#", "sh", "ix"), a.phones());
    }

    @Test
    void malformedLinesNameFileAndLine() {
        assertEquals(where(2) + "malformed line, expected 'start end phone', got '10 20'", error("0 10 h#\n10 20\n"));
        assertEquals(where(1) + "start sample is not an integer: 'x'", error("x 10 h#\n"));
        assertEquals(where(1) + "end sample is negative: -5", error("0 -5 h#\n"));
        assertEquals(where(1) + "segment 'h#' ends (5) before it starts (10)", error("10 5 h#\n"));
        assertEquals("SPK0_SX1: " + dir.resolve("SX1.PHN") + ": no phone segments (empty file)", error("\n\n"));
    }

    @Test
    void exactCoverageIsAccepted() throws IOException {
        PhoneAlignment a = parse("0 100 h#\n100 250 aa\n250 400 h#\n");
        assertSame(a, a.coverAudio(400, 0));
    }

    @Test
    void coverageErrors() throws IOException {
        assertEquals(where(1) + "first segment starts at sample 10, not 0: the start of the audio is not labelled",
                coverError("10 100 h#\n100 400 h#\n", 400, 0));
        assertEquals(where(2) + "gap: segment 'aa' starts at sample 120 but the previous one (line 1) ends at 100",
                coverError("0 100 h#\n120 400 aa\n", 400, 0));
        assertEquals(where(2) + "overlap: segment 'aa' starts at sample 90 before the previous one (line 1) ends at 100",
                coverError("0 100 h#\n90 400 aa\n", 400, 0));
        assertEquals(where(2) + "segment 'aa' ends at sample 500, beyond the end of the audio (400 samples)",
                coverError("0 100 h#\n100 500 aa\n", 400, 0));
        assertEquals(where(2) + "segments end at sample 300, 100 samples before the end of the audio (400 samples);"
                + " at most 99 may be left unlabelled", coverError("0 100 h#\n100 300 h#\n", 400, 99));
    }

    @Test
    void shortTailIsGivenToTheLastSegment() throws IOException {
        PhoneAlignment a = parse("0 100 h#\n100 300 h#\n").coverAudio(400, 100);
        assertEquals(new PhoneSegment(100, 400, "h#", 2), a.segments().getLast());
        assertEquals(400, a.endSample());
    }

    @Test
    void foldingDeletesQIntoItsNeighbour() throws IOException {
        PhoneMap to39 = PhoneMap.timit(PhoneSet.TIMIT_61, PhoneSet.TIMIT_39);
        PhoneAlignment a = parse("0 100 h#\n100 150 q\n150 300 iy\n300 400 h#\n").mapped(to39);
        assertEquals(List.of(new PhoneSegment(0, 150, "sil", 1), new PhoneSegment(150, 300, "iy", 3),
                new PhoneSegment(300, 400, "sil", 4)), a.segments());
        PhoneAlignment first = parse("0 50 q\n50 60 q\n60 400 aa\n").mapped(to39);
        assertEquals(List.of(new PhoneSegment(0, 400, "aa", 3)), first.segments());
        assertEquals("SPK0_SX1: " + dir.resolve("SX1.PHN") + ": every segment is a phone that PhoneMap timit61 -> timit39"
                + " deletes ([q])", assertThrows(CorpusFormatException.class, () -> parse("0 50 q\n").mapped(to39)).getMessage());
        assertEquals(where(2) + "unknown phone 'xy' (not in timit61, 61 phones)",
                assertThrows(CorpusFormatException.class, () -> parse("0 50 h#\n50 90 xy\n").mapped(to39)).getMessage());
    }
}
