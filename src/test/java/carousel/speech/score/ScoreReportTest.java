package carousel.speech.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import carousel.speech.corpus.PhoneAlignment;
import carousel.speech.corpus.PhoneSet;
import carousel.speech.decode.DecodedPhone;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Folding, per-speaker aggregation, the table, files and their errors, CTM times, frame accuracy. */
class ScoreReportTest {

    @TempDir
    Path tmp;

    @Test
    void foldingTo39() {
        PhoneFolding f = PhoneFolding.TIMIT_61_TO_39;
        // q deleted; bcl -> sil; ax -> ah; pau, h# -> sil; ix -> ih; adjacent sil not merged
        assertEquals(List.of("sil", "sil", "b", "ah", "sil", "ih", "sil"),
                f.fold(List.of("h#", "q", "bcl", "b", "ax", "pau", "ix", "h#")));
        // 48-set symbols are accepted too (a decoder's output): vcl, cl, epi -> sil, zh -> sh, ao -> aa
        assertEquals(List.of("sil", "sil", "sil", "sh", "aa", "sil"), f.fold(List.of("vcl", "cl", "epi", "zh", "ao", "sil")));
        assertEquals(List.of("sil", "l", "n"), PhoneFolding.TIMIT_48_TO_39.fold(List.of("vcl", "el", "en")));
        assertThrows(IllegalArgumentException.class, () -> PhoneFolding.TIMIT_48_TO_39.fold(List.of("h#")));
        assertEquals(List.of("h#", "q"), PhoneFolding.NONE.fold(List.of("h#", "q")));
        assertEquals(PhoneFolding.TIMIT_48_TO_39, PhoneFolding.byName("48-39"));
        assertThrows(IllegalArgumentException.class, () -> PhoneFolding.byName("61-48"));
    }

    static Map<String, Transcript> map(Transcript... ts) {
        Map<String, Transcript> m = new LinkedHashMap<>();
        for (Transcript t : ts) {
            m.put(t.uttId(), t);
        }
        return m;
    }

    static Transcript t(String id, String phones) {
        return Transcript.of(id, EditAlignmentTest.p(phones));
    }

    @Test
    void perSpeakerAndOverallSums() throws IOException {
        Map<String, Transcript> refs = map(t("FAKS0_SX1", "h# s ah n h#"), t("FAKS0_SX2", "h# m iy h#"),
                t("MBLS0_SX3", "h# b ae d h#"), t("MBLS0_SX4", "h# q ao l h#"));
        Map<String, Transcript> hyps = map(
                t("FAKS0_SX1", "sil s ah n sil"),      // 5 correct
                t("FAKS0_SX2", "sil n iy iy sil"),     // m->n, iy inserted: S1 I1 of 4
                t("MBLS0_SX3", "sil b d sil"));        // ae deleted: D1 of 5
        // MBLS0_SX4 missing: q deleted, so "sil aa l sil" = 4 deletions
        ScoreReport r = ScoreReport.score(refs, hyps, PhoneFolding.TIMIT_61_TO_39, Transcripts::speakerOf);
        assertEquals(2, r.speakers().size());
        assertEquals(new ScoreReport.SpeakerLine("FAKS0", 2, new ErrorCounts(9, 8, 1, 0, 1)), r.speakers().get(0));
        assertEquals(new ScoreReport.SpeakerLine("MBLS0", 2, new ErrorCounts(9, 4, 0, 5, 0)), r.speakers().get(1));
        assertEquals(new ErrorCounts(18, 12, 1, 5, 1), r.overall());
        assertEquals(7.0 / 18, r.overall().errorRate(), 1e-15);
        assertEquals(List.of("MBLS0_SX4"), r.missing());
        String table = r.table();
        assertTrue(table.lines().anyMatch(l -> l.matches("FAKS0\\s+2\\s+9\\s+88\\.89\\s+11\\.11\\s+0\\.00\\s+11\\.11\\s+22\\.22")), table);
        assertTrue(table.lines().anyMatch(l -> l.matches("MBLS0\\s+2\\s+9\\s+44\\.44\\s+0\\.00\\s+55\\.56\\s+0\\.00\\s+55\\.56")), table);
        assertTrue(table.lines().anyMatch(l -> l.matches("Sum\\s+4\\s+18\\s+66\\.67\\s+5\\.56\\s+27\\.78\\s+5\\.56\\s+38\\.89")), table);
        assertTrue(table.contains("%PER 38.89 [ 7 / 18, 1 ins, 5 del, 1 sub ] on 4 utterances, 1 without hypothesis"), table);
        // tracing back from the end the diagonal wins every tie: the last iy matches, m->iy, then n is inserted
        assertEquals("sil *->n m->iy iy sil", r.alignments().get("FAKS0_SX2").toString());

        // with an explicit utt2spk, both speakers pooled
        ScoreReport one = ScoreReport.score(refs, hyps, PhoneFolding.TIMIT_61_TO_39, u -> "all");
        assertEquals(List.of(new ScoreReport.SpeakerLine("all", 4, r.overall())), one.speakers());
    }

    @Test
    void filesRoundTripAndBadLinesAreNamed() throws IOException {
        Path hyp = tmp.resolve("hyp.txt");
        Files.writeString(hyp, "U_1 sil b sil\n\nU_2\nU_3 sil xx sil\n");
        Map<String, Transcript> h = Transcripts.read(hyp);
        assertEquals(List.of("sil", "b", "sil"), h.get("U_1").phones());
        assertEquals(List.of(), h.get("U_2").phones());
        assertEquals(4, h.get("U_3").line());
        Map<String, Transcript> refs = map(t("U_1", "h# b h#"), t("U_2", "h#"), t("U_3", "h# b h#"));
        TranscriptFormatException e = assertThrows(TranscriptFormatException.class,
                () -> ScoreReport.score(refs, h, PhoneFolding.TIMIT_61_TO_39, Transcripts::speakerOf));
        assertEquals(hyp + ":4: unknown phone 'xx' for map 61-39", e.getMessage());

        Files.writeString(hyp, "U_1 sil\nU_9 sil\n");
        e = assertThrows(TranscriptFormatException.class, () -> ScoreReport.score(refs, Transcripts.read(hyp),
                PhoneFolding.TIMIT_61_TO_39, Transcripts::speakerOf));
        assertEquals(hyp + ":2: hypothesis for utterance 'U_9', which has no reference", e.getMessage());

        Files.writeString(hyp, "U_1 sil\nU_2 b\nU_1 b\n");
        e = assertThrows(TranscriptFormatException.class, () -> Transcripts.read(hyp));
        assertEquals(hyp + ":3: utterance 'U_1' appears twice (first on line 1)", e.getMessage());

        Path u2s = tmp.resolve("utt2spk");
        Files.writeString(u2s, "U_1 A\nU_2 A B\n");
        e = assertThrows(TranscriptFormatException.class, () -> Transcripts.readUtt2spk(u2s));
        assertEquals(u2s + ":2: expected 'utterance speaker', got 'U_2 A B'", e.getMessage());

        Path out = tmp.resolve("out.txt");
        Transcripts.write(out, Map.of("U_1", List.of("a", "b")));
        assertEquals("U_1 a b\n", Files.readString(out));
    }

    @Test
    void referenceFromPhnFile() throws IOException {
        Path phn = tmp.resolve("SX1.PHN");
        Files.writeString(phn, "0 100 h#\n100 200 q\n200 300 ix\n300 400 h#\n");
        Transcript r = Transcripts.fromAlignment(PhoneAlignment.read(phn, "X_SX1"));
        assertEquals(List.of("h#", "q", "ix", "h#"), r.phones());
        assertEquals(List.of("sil", "ih", "sil"), PhoneFolding.TIMIT_61_TO_39.fold(r.phones()));
    }

    @Test
    void ctmTimesAreFramesTimesShift() throws IOException {
        PhoneSet ps = PhoneSet.TIMIT_48;
        StringWriter w = new StringWriter();
        Ctm.write(w, "U_1", List.of(new DecodedPhone(ps.index("sil"), 0, 12), new DecodedPhone(ps.index("b"), 12, 15)),
                ps, 0.01);
        assertEquals("U_1 1 0.000 0.120 sil\nU_1 1 0.120 0.030 b\n", w.toString());
        assertEquals("U_1 1 0.375 0.075 b", Ctm.line("U_1", new DecodedPhone(ps.index("b"), 25, 30), ps, 0.015));
    }

    @Test
    void frameAccuracyAfterFolding() {
        PhoneSet ps = PhoneSet.TIMIT_48;
        int ao = ps.index("ao");
        int aa = ps.index("aa");
        int cl = ps.index("cl");
        int sil = ps.index("sil");
        int b = ps.index("b");
        // ao/aa and cl/sil fold together: frames 0, 1 right after folding, frame 2 wrong, frame 3 right
        int[] ref = {ao, cl, b, b};
        int[] hyp = {aa, sil, sil, b};
        assertEquals(new FrameAccuracy(3, 4), FrameAccuracy.count(ref, hyp, ps, 1, PhoneFolding.TIMIT_48_TO_39));
        assertEquals(new FrameAccuracy(1, 4), FrameAccuracy.count(ref, hyp, ps, 1, PhoneFolding.NONE));
        // state labels: 3 per phone
        int[] refStates = {ao * 3, ao * 3 + 2, b * 3 + 1};
        int[] hypStates = {aa * 3 + 1, b * 3, b * 3 + 2};
        assertEquals(new FrameAccuracy(2, 3), FrameAccuracy.count(refStates, hypStates, ps, 3, PhoneFolding.TIMIT_48_TO_39));
        assertEquals(0.75, new FrameAccuracy(3, 4).accuracy());
        assertEquals(List.of(1, 0), java.util.Arrays.stream(FrameAccuracy.argmax(carousel.speech.kaldi.FloatMatrix.ofRows(
                new float[] {0, 2, 1}, new float[] {5, 5, 1}))).boxed().toList());
    }
}
