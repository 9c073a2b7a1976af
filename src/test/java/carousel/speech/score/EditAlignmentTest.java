package carousel.speech.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Alignments and counts worked out by hand, and the error count against a plain recursive edit distance. */
class EditAlignmentTest {

    static List<String> p(String s) {
        return s.isBlank() ? List.of() : Arrays.asList(s.split(" "));
    }

    static EditAlignment align(String ref, String hyp) {
        return EditAlignment.align(p(ref), p(hyp));
    }

    @Test
    void identicalIsAllCorrect() {
        EditAlignment a = align("a b c", "a b c");
        assertEquals(new ErrorCounts(3, 3, 0, 0, 0), a.counts());
        assertEquals("a b c", a.toString());
        assertEquals(0.0, a.counts().errorRate());
    }

    @Test
    void oneOfEach() {
        assertEquals(new ErrorCounts(3, 2, 1, 0, 0), align("a b c", "a x c").counts());
        // b deleted, e inserted: 2 errors (three substitutions would be 3)
        EditAlignment a = align("a b c d", "a c d e");
        assertEquals(new ErrorCounts(4, 3, 0, 1, 1), a.counts());
        assertEquals("a b->* c d *->e", a.toString());
        assertEquals(0.5, a.counts().errorRate());
        EditAlignment ins = align("a", "b a");
        assertEquals(new ErrorCounts(1, 1, 0, 0, 1), ins.counts());
        assertEquals("*->b a", ins.toString());
    }

    @Test
    void tiesPreferSubstitutions() {
        // "a b" vs "b c": S S or D C I, both 2 errors; the diagonal is preferred
        EditAlignment a = align("a b", "b c");
        assertEquals(new ErrorCounts(2, 0, 2, 0, 0), a.counts());
        assertEquals("a->b b->c", a.toString());
        // "a" vs "b c": S + I; the diagonal is taken at the end (a->c) after the insertion of b
        assertEquals("*->b a->c", align("a", "b c").toString());
    }

    @Test
    void emptySides() {
        assertEquals(new ErrorCounts(3, 0, 0, 3, 0), align("a b c", "").counts());
        assertEquals("a->* b->* c->*", align("a b c", "").toString());
        EditAlignment i = align("", "a b");
        assertEquals(new ErrorCounts(0, 0, 0, 0, 2), i.counts());
        assertEquals(Double.NaN, i.counts().errorRate());
        assertEquals(new ErrorCounts(0, 0, 0, 0, 0), align("", "").counts());
        // all deleted and all inserted in one: nothing in common
        assertEquals(new ErrorCounts(2, 0, 2, 0, 3), align("a b", "c d e f g").counts());
    }

    @Test
    void errorCountIsTheEditDistance() {
        Random rnd = new Random(3);
        String[] sym = {"a", "b", "c"};
        for (int trial = 0; trial < 300; trial++) {
            String[] r = new String[rnd.nextInt(7)];
            String[] h = new String[rnd.nextInt(7)];
            for (int i = 0; i < r.length; i++) {
                r[i] = sym[rnd.nextInt(3)];
            }
            for (int i = 0; i < h.length; i++) {
                h[i] = sym[rnd.nextInt(3)];
            }
            EditAlignment a = EditAlignment.align(List.of(r), List.of(h));
            assertEquals(distance(r, 0, h, 0), a.counts().errors(), List.of(r) + " / " + List.of(h));
            assertEquals(r.length, a.counts().numRef());
            assertEquals(h.length, a.counts().correct() + a.counts().substitutions() + a.counts().insertions());
        }
    }

    static int distance(String[] r, int i, String[] h, int j) {
        if (i == r.length) {
            return h.length - j;
        }
        if (j == h.length) {
            return r.length - i;
        }
        int diag = distance(r, i + 1, h, j + 1) + (r[i].equals(h[j]) ? 0 : 1);
        return Math.min(diag, Math.min(distance(r, i + 1, h, j) + 1, distance(r, i, h, j + 1) + 1));
    }

    @Test
    void countsMustAddUp() {
        assertThrows(IllegalArgumentException.class, () -> new ErrorCounts(3, 1, 1, 0, 0));
    }
}
