package carousel.speech.corpus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FrameTargetsTest {

    private static final PhoneSet ABC = new PhoneSet("abc", List.of("a", "b", "c"));
    private static final Path SRC = Path.of("X.PHN");

    private static PhoneAlignment align(Object... startEndPhone) {
        List<PhoneSegment> s = new ArrayList<>();
        for (int i = 0; i < startEndPhone.length; i += 3) {
            s.add(new PhoneSegment(((Number) startEndPhone[i]).longValue(), ((Number) startEndPhone[i + 1]).longValue(),
                    (String) startEndPhone[i + 2], i / 3 + 1));
        }
        return new PhoneAlignment("U_1", SRC, s);
    }

    @Test
    void labelIsThePhoneUnderTheFrameCentre() throws CorpusFormatException {
        // 1200 samples: 1 + (1200 - 400) / 160 = 6 frames, centres 200, 360, 520, 680, 840, 1000.
        PhoneAlignment a = align(0, 361, "a", 361, 1000, "b", 1000, 1200, "c");
        assertArrayEquals(new int[] {0, 0, 1, 1, 1, 2}, FrameTargets.phones(a, ABC, FrameGeometry.KALDI_16K));
    }

    @Test
    void statesSplitEachSegmentInThreeEqualParts() throws CorpusFormatException {
        // Segment b = [300, 900): parts [300,500) [500,700) [700,900). Centres 200 360 520 680 840 1000.
        PhoneAlignment a = align(0, 300, "a", 300, 900, "b", 900, 1200, "c");
        int[] s = FrameTargets.states(a, ABC, FrameGeometry.KALDI_16K, FrameTargets.STATES_PER_PHONE);
        // a: centre 200 in [0,300): part floor(3*200/300) = 2 -> 0*3+2
        // b: 360 -> part floor(3*60/600)=0 -> 3; 520 -> floor(3*220/600)=1 -> 4; 680 -> floor(3*380/600)=1 -> 4;
        //    840 -> floor(3*540/600)=2 -> 5
        // c: 1000 in [900,1200): floor(3*100/300)=1 -> 2*3+1 = 7
        assertArrayEquals(new int[] {2, 3, 4, 4, 5, 7}, s);
    }

    @Test
    void shortAudioHasNoFrames() throws CorpusFormatException {
        assertEquals(0, FrameTargets.phones(align(0, 399, "a"), ABC, FrameGeometry.KALDI_16K).length);
    }

    @Test
    void matchesANaiveReferenceOnRandomAlignments() throws CorpusFormatException {
        Random rnd = new Random(42);
        FrameGeometry g = new FrameGeometry(25, 10, 8000);
        for (int trial = 0; trial < 300; trial++) {
            List<PhoneSegment> segs = new ArrayList<>();
            long t = 0;
            int n = 1 + rnd.nextInt(12);
            for (int i = 0; i < n; i++) {
                long len = rnd.nextInt(5) == 0 ? 0 : 1 + rnd.nextInt(700);
                segs.add(new PhoneSegment(t, t + len, ABC.symbol(rnd.nextInt(3)), i + 1));
                t += len;
            }
            if (t == 0) {
                continue;
            }
            PhoneAlignment a = new PhoneAlignment("U_1", SRC, segs);
            int[] phones = FrameTargets.phones(a, ABC, g);
            int[] states = FrameTargets.states(a, ABC, g, 3);
            assertEquals(g.numFrames(t), phones.length);
            for (int f = 0; f < phones.length; f++) {
                long c = f * 80L + 100;
                PhoneSegment hit = null;
                for (PhoneSegment s : segs) {
                    if (c >= s.startSample() && c < s.endSample()) {
                        hit = s;
                    }
                }
                int p = ABC.index(hit.phone());
                assertEquals(p, phones[f], "trial " + trial + " frame " + f);
                int part = 0; // first third whose end lies beyond the centre: 3 (c - start) < (part + 1) length
                while (3 * (c - hit.startSample()) >= (part + 1) * hit.length()) {
                    part++;
                }
                assertEquals(p * 3 + part, states[f], "trial " + trial + " frame " + f);
            }
        }
    }

    @Test
    void symbolsOutsideTheSetAndUncoveredFramesAreErrors() {
        CorpusFormatException e = assertThrows(CorpusFormatException.class,
                () -> FrameTargets.phones(align(0, 500, "a", 500, 1200, "h#"), ABC, FrameGeometry.KALDI_16K));
        assertTrue(e.getMessage().startsWith("U_1: X.PHN:2: phone 'h#' is not in the target set abc (3 phones)"),
                e.getMessage());
        CorpusFormatException gap = assertThrows(CorpusFormatException.class,
                () -> FrameTargets.phones(align(0, 300, "a", 400, 1200, "b"), ABC, FrameGeometry.KALDI_16K));
        assertTrue(gap.getMessage().startsWith("U_1: X.PHN:2: frame 1 (centre sample 360) is not covered by any segment"),
                gap.getMessage());
    }

    @Test
    void fittingToFeatures() throws CorpusFormatException {
        int[] labels = {1, 2, 3, 4};
        assertSame(labels, FrameTargets.fitToFeatures(labels, 4, 0, "U_1"));
        assertArrayEquals(new int[] {1, 2, 3}, FrameTargets.fitToFeatures(labels, 3, 1, "U_1"));
        assertEquals("U_1: labels shorter than the features: 4 labels for 5 feature frames",
                assertThrows(CorpusFormatException.class, () -> FrameTargets.fitToFeatures(labels, 5, 2, "U_1")).getMessage());
        assertEquals("U_1: labels longer than the features by more than 1 frames: 4 labels for 2 feature frames",
                assertThrows(CorpusFormatException.class, () -> FrameTargets.fitToFeatures(labels, 2, 1, "U_1")).getMessage());
    }
}
