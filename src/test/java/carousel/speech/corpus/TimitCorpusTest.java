package carousel.speech.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimitCorpusTest {

    @TempDir
    Path root;

    @Test
    void upperCaseLayout() throws IOException {
        Path spk = root.resolve("TRAIN/DR3/MABC0");
        TestFiles.writeUtterance(spk, "SX100", "PHN", 8000, "aa");
        TestFiles.writeUtterance(spk, "SI500", "PHN", 8000, "iy");
        TestFiles.writeUtterance(spk, "SA1", "PHN", 8000, "ae");
        TestFiles.writeUtterance(root.resolve("TEST/DR1/FXYZ1"), "SX7", "PHN", 4000, "ow");
        TimitCorpus c = TimitCorpus.open(root);
        assertEquals(List.of("MABC0_SI500", "MABC0_SX100", "FXYZ1_SX7"), c.utterances().stream().map(Utterance::id).toList());
        Utterance u = c.utterances().get(1);
        assertEquals(new Utterance("MABC0_SX100", "MABC0", "SX100", 3, Split.TRAIN, spk.resolve("SX100.WAV"),
                spk.resolve("SX100.PHN"), Optional.of(spk.resolve("SX100.WRD")), Optional.of(spk.resolve("SX100.TXT"))), u);
        assertEquals("DR3", u.dialectRegionName());
        assertEquals(Set.of("FXYZ1"), c.speakers(Split.TEST));
        assertTrue(c.layoutProblems().isEmpty());
        TimitCorpus withSa = TimitCorpus.open(root, SaSentences.INCLUDE);
        assertEquals(4, withSa.utterances().size());
        assertTrue(withSa.utterances().stream().anyMatch(Utterance::isSa));
    }

    @Test
    void lowerCaseLayoutGivesTheSameUpperCaseIds() throws IOException {
        Path spk = root.resolve("train/dr2/mabc0");
        TestFiles.writeUtterance(spk, "sx100", "phn", 8000, "aa");
        Files.writeString(spk.resolve("sx100.wav.wav"), "converted copy, ignored");
        Files.writeString(spk.resolve("notes.md"), "ignored");
        TimitCorpus c = TimitCorpus.open(root);
        assertEquals(1, c.utterances().size());
        Utterance u = c.utterances().getFirst();
        assertEquals("MABC0_SX100", u.id());
        assertEquals(spk.resolve("sx100.wav"), u.wav());
        assertEquals(2, u.dialectRegion());
        assertTrue(c.layoutProblems().isEmpty(), c.layoutProblems().toString());
        assertEquals("done 1 of 1 utterances", c.scan().summary());
    }

    @Test
    void incompleteAndDuplicateUtterancesAreProblems() throws IOException {
        Path a = root.resolve("TRAIN/DR1/MAAA0");
        TestFiles.writeUtterance(a, "SX1", "PHN", 8000, "aa");
        Files.delete(a.resolve("SX1.PHN"));
        TestFiles.writeUtterance(a, "SX2", "PHN", 8000, "aa");
        TestFiles.writeUtterance(root.resolve("TEST/DR2/MAAA0"), "SX2", "PHN", 8000, "aa");
        Files.createDirectories(root.resolve("TRAIN/DR1/bad name"));
        TimitCorpus c = TimitCorpus.open(root);
        assertEquals(List.of("MAAA0_SX2"), c.utterances().stream().map(Utterance::id).toList());
        assertEquals(Split.TRAIN, c.utterances().getFirst().split());
        List<String> problems = c.layoutProblems().stream().map(CorpusProblem::toString).toList();
        assertEquals(3, problems.size(), problems.toString());
        assertTrue(problems.contains(root.resolve("TRAIN/DR1/bad name")
                + ": speaker directory name is not letters and digits only; skipped"), problems.toString());
        assertTrue(problems.contains("MAAA0_SX1: " + a.resolve("SX1.TXT")
                + ": incomplete utterance: has [.TXT, .WAV, .WRD], needs both .WAV and .PHN; skipped"), problems.toString());
        assertTrue(problems.contains("MAAA0_SX2: " + root.resolve("TEST/DR2/MAAA0/SX2.WAV")
                + ": duplicate utterance id (also " + a.resolve("SX2.WAV") + "); skipped"), problems.toString());
        assertEquals("done 1 of 3 utterances (3 problems)", c.scan().summary());
    }

    @Test
    void missingSplitDirectoriesPointAtANestedCopy() throws IOException {
        Files.createDirectories(root.resolve("timit/TRAIN"));
        IOException e = assertThrows(IOException.class, () -> TimitCorpus.open(root));
        assertEquals("not a TIMIT-layout corpus: " + root + " has no TRAIN or TEST directory (expected"
                + " ROOT/TRAIN/DR1/SPEAKER/SENTENCE.WAV); found " + root.resolve("timit/TRAIN") + ": pass "
                + root.resolve("timit") + " as the corpus root", e.getMessage());
        assertThrows(IOException.class, () -> TimitCorpus.open(root.resolve("nonexistent")));
    }

    @Test
    void scanReportsEachBadUtteranceAndKeepsTheRest() throws IOException {
        Path spk = root.resolve("TRAIN/DR1/MABC0");
        TestFiles.writeUtterance(spk, "SX1", "PHN", 8000, "aa");
        TestFiles.writeUtterance(spk, "SX2", "PHN", 8000, "xx");
        TestFiles.writeUtterance(spk, "SX3", "PHN", 8000, "aa");
        TestFiles.writeText(spk.resolve("SX3.PHN"), "0 2000 h#\n2000 7000 aa\n7100 8000 h#\n");
        TestFiles.writeUtterance(spk, "SX4", "PHN", 8000, "aa");
        TestFiles.writeWav(spk.resolve("SX4.WAV"), 8000, 8000);
        TestFiles.writeUtterance(spk, "SX5", "PHN", 8000, "aa");
        TestFiles.writeText(spk.resolve("SX5.PHN"), "0 2000 h#\n2000 9000 aa\n");
        TimitCorpus c = TimitCorpus.open(root);
        CorpusScan scan = c.scan();
        assertEquals(List.of("MABC0_SX1"), scan.good().stream().map(g -> g.utterance().id()).toList());
        assertEquals(List.of(
                "MABC0_SX2: " + spk.resolve("SX2.PHN") + ":2: unknown phone 'xx' (not in timit61, 61 phones)",
                "MABC0_SX3: " + spk.resolve("SX3.PHN") + ":3: gap: segment 'h#' starts at sample 7100 but the previous"
                        + " one (line 2) ends at 7000",
                "MABC0_SX4: " + spk.resolve("SX4.WAV") + ": sample rate is 8000 Hz, expected 16000 Hz",
                "MABC0_SX5: " + spk.resolve("SX5.PHN") + ":2: segment 'aa' ends at sample 9000, beyond the end of the"
                        + " audio (8000 samples)"),
                scan.problems().stream().map(CorpusProblem::toString).toList());
        assertEquals("done 1 of 5 utterances (4 problems)", scan.summary());
        ScannedUtterance g = scan.good().getFirst();
        assertEquals(0.5, g.seconds(), 1e-12);
        int[] targets = g.phoneTargets(PhoneMap.timit(PhoneSet.TIMIT_61, PhoneSet.TIMIT_48), FrameGeometry.KALDI_16K);
        assertEquals(1 + (8000 - 400) / 160, targets.length);
        int sil = PhoneSet.TIMIT_48.index("sil");
        int aa = PhoneSet.TIMIT_48.index("aa");
        assertEquals(sil, targets[0]);
        assertEquals(aa, targets[24]); // centre 24*160+200 = 4040, inside aa [2000, 6000)
        assertEquals(sil, targets[targets.length - 1]);
        assertThrows(CorpusFormatException.class,
                () -> g.phoneTargets(PhoneMap.timit(PhoneSet.TIMIT_61, PhoneSet.TIMIT_48), new FrameGeometry(25, 10, 8000)));
        int[] states = g.stateTargets(PhoneMap.timit(PhoneSet.TIMIT_61, PhoneSet.TIMIT_48), FrameGeometry.KALDI_16K);
        assertEquals(aa * 3 + 1, states[24]); // 4040 is in the middle third of [2000, 6000)
    }

    @Test
    void realTimitIsRecognisedByItsStandardSpeakers() throws IOException {
        Set<String> standard = new HashSet<>(TimitSpeakers.CORE_TEST);
        standard.addAll(TimitSpeakers.DEV);
        for (String spk : standard) {
            TestFiles.writeUtterance(root.resolve("TEST/DR1/" + spk.toLowerCase()), "sx1", "phn", 800, "aa");
        }
        TestFiles.writeUtterance(root.resolve("TEST/DR1/MOTH0"), "SX1", "PHN", 800, "aa");
        TestFiles.writeUtterance(root.resolve("TRAIN/DR1/MTRN0"), "SX1", "PHN", 800, "aa");
        TimitCorpus real = TimitCorpus.open(root);
        assertTrue(real.isRealTimit());
        assertEquals(TimitSpeakers.CORE_TEST, speakersOf(real.testSet()));
        assertEquals(TimitSpeakers.DEV, speakersOf(real.devSet()));
        assertEquals("real TIMIT (all 24 core test and 50 development speakers found): test set = core test set"
                + " (24 utterances), dev set = 50 speakers (50 utterances)", real.standardSetsNote());

        deleteTree(root.resolve("TEST/DR1/mdab0"));
        TimitCorpus partial = TimitCorpus.open(root);
        assertFalse(partial.isRealTimit());
        assertEquals(74, partial.testSet().size());
        assertEquals(List.of(), partial.devSet());
        assertEquals("not the real TIMIT (23 of the 24 core test speakers present): no standard lists;"
                + " test set = all 74 TEST speakers (74 utterances), no dev set", partial.standardSetsNote());
    }

    @Test
    void standardSpeakerListsHaveTheDocumentedShape() {
        assertEquals(24, TimitSpeakers.CORE_TEST.size());
        assertEquals(50, TimitSpeakers.DEV.size());
        assertEquals(16, TimitSpeakers.CORE_TEST.stream().filter(s -> s.startsWith("M")).count());
        assertEquals(8, TimitSpeakers.CORE_TEST.stream().filter(s -> s.startsWith("F")).count());
        Set<String> both = new HashSet<>(TimitSpeakers.CORE_TEST);
        both.retainAll(TimitSpeakers.DEV);
        assertEquals(Set.of(), both);
        both.addAll(TimitSpeakers.CORE_TEST);
        both.addAll(TimitSpeakers.DEV);
        assertEquals(74, both.size());
        for (String s : both) {
            assertTrue(s.matches("[MF][A-Z]{3}[0-9]"), s);
        }
    }

    private static Set<String> speakersOf(List<Utterance> utts) {
        Set<String> s = new HashSet<>();
        utts.forEach(u -> s.add(u.speaker()));
        return s;
    }

    private static void deleteTree(Path p) throws IOException {
        try (var s = Files.walk(p)) {
            for (Path x : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }
}
