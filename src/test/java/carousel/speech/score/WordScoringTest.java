package carousel.speech.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Word scoring against what NIST sclite reports for {@code fixtures/score/ref.trn} and {@code hyp.trn}
 * ({@code sclite -r ref.trn trn -h hyp.trn trn -i rm}), worked by hand with sclite's weights (sub 4, del 3,
 * ins 3), each utterance's least-cost alignment being unique in its counts:
 * <pre>
 *   spkA-u1  the cat sat on the mat / the cat sat on mat   C5 D1            (delete the second "the": 3)
 *   spkA-u2  a b / b c                                      C1 D1 I1         (6; two substitutions cost 8)
 *   spkA-u3  ok / OK                                        S1 (as written)  C1 with --ignore-case
 *   spkB-u1  hello world / hello word                       C1 S1            (4; D+I would cost 6)
 *   spkB-u2  good morning / (nothing)                       D2
 *   spkB-u3  yes / yes yes no                               C1 I2
 * </pre>
 * sclite's sys report, words as written:
 * <pre>
 *   | SPKR | # Snt # Wrd | Corr   Sub   Del   Ins   Err  S.Err |
 *   | spkA |    3     9  | 66.7  11.1  22.2  11.1  44.4  100.0 |
 *   | spkB |    3     5  | 40.0  20.0  40.0  40.0 100.0  100.0 |
 *   | Sum  |    6    14  | 57.1  14.3  28.6  21.4  64.3  100.0 |
 * </pre>
 * and case-insensitive (sclite {@code -i rm} with the files lower-cased): spkA 77.8 0.0 22.2 11.1 33.3
 * 66.7; Sum 64.3 7.1 28.6 21.4 57.1 83.3, i.e. 8 errors in 14 words: 1 sub, 4 del, 3 ins.
 */
class WordScoringTest {

    static final Path REF = Path.of("src/test/resources/fixtures/score/ref.trn");
    static final Path HYP = Path.of("src/test/resources/fixtures/score/hyp.trn");

    @TempDir
    Path tmp;

    private static ScoreReport score(WordScoring how) throws IOException {
        return ScoreReport.scoreWords(Transcripts.readTrn(REF), Transcripts.readTrn(HYP), how, Transcripts::trnSpeakerOf);
    }

    @Test
    void countsEqualScliteAsWritten() throws IOException {
        ScoreReport r = score(WordScoring.SCLITE);
        assertEquals(new ErrorCounts(14, 8, 2, 4, 3), r.overall());
        assertEquals(List.of(new ScoreReport.SpeakerLine("spkA", 3, new ErrorCounts(9, 6, 1, 2, 1)),
                new ScoreReport.SpeakerLine("spkB", 3, new ErrorCounts(5, 2, 1, 2, 2))), r.speakers());
        assertEquals(6, r.sentenceErrors());
        assertTrue(r.table().contains("%WER 64.29 [ 9 / 14, 3 ins, 4 del, 2 sub ]\n%SER 100.00 [ 6 / 6 ]\n"), r.table());
        assertTrue(r.table().lines().anyMatch(l -> l.matches("spkA\\s+3\\s+9\\s+66\\.67\\s+11\\.11\\s+22\\.22\\s+11\\.11\\s+44\\.44")), r.table());
        assertNull(r.oov());
        assertEquals(new ErrorCounts(2, 1, 0, 1, 1), r.alignments().get("spkA-u2").counts());
        assertEquals("a->* b *->c", r.alignments().get("spkA-u2").toString());
    }

    @Test
    void caseInsensitiveAndUnitCosts() throws IOException {
        ScoreReport r = score(new WordScoring(true, EditCosts.SCLITE, null));
        assertEquals(new ErrorCounts(14, 9, 1, 4, 3), r.overall());
        assertEquals(new ErrorCounts(9, 7, 0, 2, 1), r.speakers().getFirst().counts());
        assertTrue(r.table().contains("%WER 57.14 [ 8 / 14, 3 ins, 4 del, 1 sub ]\n%SER 83.33 [ 5 / 6 ]\n"), r.table());
        // Kaldi's unit costs: spkA-u2 becomes two substitutions; the error total is the same
        ScoreReport u = score(new WordScoring(true, EditCosts.UNIT, null));
        assertEquals(new ErrorCounts(14, 8, 3, 3, 2), u.overall());
    }

    @Test
    void outOfVocabularyReferenceWordsAreCounted() throws IOException {
        Set<String> known = Set.of("the", "cat", "sat", "on", "mat", "a", "b", "ok", "hello", "good", "yes");
        ScoreReport r = score(new WordScoring(false, EditCosts.SCLITE, known::contains));
        assertEquals(new ScoreReport.Oov(2, 14, Map.of("morning", 1, "world", 1)), r.oov());
        assertTrue(r.table().contains("OOV 14.29% [ 2 / 14 reference words, 2 distinct ]: morning world\n"), r.table());
    }

    @Test
    void trnFilesRoundTrip() throws IOException {
        Path out = tmp.resolve("x.trn");
        Transcripts.writeTrn(out, Map.of("A_1", List.of("hello", "world")), Transcripts::speakerOf);
        Map<String, Transcript> back = Transcripts.readTrn(out);
        assertEquals(List.of("hello", "world"), back.get("A-A_1").phones());
        assertEquals("A", Transcripts.trnSpeakerOf("A-A_1"));
        assertEquals(List.of(), Transcripts.readTrn(HYP).get("spkB-u2").phones());
    }
}
