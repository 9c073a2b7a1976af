package carousel.speech.plm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import carousel.speech.corpus.PhoneSet;
import carousel.speech.corpus.Split;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Folded, run-merged transcripts of the shipped demo corpus, and the held-out speaker rule. */
class PhoneTranscriptsTest {

    @Test
    void runsOfOneSymbolMerge() {
        PhoneSet set = PhoneSet.TIMIT_48;
        int[] got = PhoneTranscripts.indices(List.of("sil", "sil", "ah", "b", "b", "sil"), set);
        assertArrayEquals(new int[] {set.index("sil"), set.index("ah"), set.index("b"), set.index("sil")}, got);
    }

    @Test
    void devSpeakersAreEvenlySpacedInSortedOrder() {
        assertEquals(new TreeSet<>(List.of("a", "c")), PhoneTranscripts.devSpeakers(List.of("d", "c", "b", "a"), 2));
        assertEquals(Set.of(), PhoneTranscripts.devSpeakers(List.of("a", "b"), 0));
        assertThrows(IllegalArgumentException.class, () -> PhoneTranscripts.devSpeakers(List.of("a", "b"), 2));
    }

    @Test
    void demoCorpusTranscripts() throws Exception {
        List<PhoneTranscripts.Sentence> all = PhoneTranscripts.load(Path.of("data/demo-corpus"), PhoneSet.TIMIT_48, null);
        assertEquals(128, all.size());
        assertEquals(96, all.stream().filter(s -> s.split() == Split.TRAIN).count());
        int sil = PhoneSet.TIMIT_48.index("sil");
        long tokens = 0;
        for (PhoneTranscripts.Sentence s : all) {
            assertEquals(sil, s.phones()[0], s.id());
            assertEquals(sil, s.phones()[s.phones().length - 1], s.id());
            for (int i = 1; i < s.phones().length; i++) {
                assertTrue(s.phones()[i] != s.phones()[i - 1], s.id() + ": runs are merged");
            }
            tokens += s.phones().length;
        }
        assertTrue(tokens > 2500 && tokens < 3600, "tokens " + tokens);
    }
}
