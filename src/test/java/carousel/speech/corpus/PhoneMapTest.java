package carousel.speech.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PhoneMapTest {

    private static final PhoneMap TO_48 = PhoneMap.timit(PhoneSet.TIMIT_61, PhoneSet.TIMIT_48);
    private static final PhoneMap TO_39 = PhoneMap.timit(PhoneSet.TIMIT_61, PhoneSet.TIMIT_39);
    private static final PhoneMap FROM_48_TO_39 = PhoneMap.timit(PhoneSet.TIMIT_48, PhoneSet.TIMIT_39);

    @Test
    void setSizesAreThoseOfLeeAndHon() {
        assertEquals(61, PhoneSet.TIMIT_61.size());
        assertEquals(48, PhoneSet.TIMIT_48.size());
        assertEquals(39, PhoneSet.TIMIT_39.size());
        assertEquals(List.of("aa", "ae", "ah", "ao", "aw", "ax", "ax-h", "axr"), PhoneSet.TIMIT_61.symbols().subList(0, 8));
        assertEquals(0, PhoneSet.TIMIT_39.index("aa"));
        assertEquals("zh", PhoneSet.TIMIT_61.symbol(60));
    }

    @Test
    void knownFolds() {
        assertEquals(Optional.of("sil"), TO_48.map("h#"));
        assertEquals(Optional.of("sil"), TO_48.map("pau"));
        assertEquals(Optional.of("vcl"), TO_48.map("bcl"));
        assertEquals(Optional.of("cl"), TO_48.map("tcl"));
        assertEquals(Optional.of("epi"), TO_48.map("epi"));
        assertEquals(Optional.of("ax"), TO_48.map("ax-h"));
        assertEquals(Optional.of("er"), TO_48.map("axr"));
        assertEquals(Optional.of("hh"), TO_48.map("hv"));
        assertEquals(Optional.of("uw"), TO_48.map("ux"));
        assertEquals(Optional.of("zh"), TO_48.map("zh"));
        assertEquals(Optional.of("sh"), TO_39.map("zh"));
        assertEquals(Optional.of("aa"), TO_39.map("ao"));
        assertEquals(Optional.of("ah"), TO_39.map("ax-h"));
        assertEquals(Optional.of("sil"), TO_39.map("epi"));
        assertEquals(Optional.of("l"), TO_39.map("el"));
        assertEquals(Optional.of("n"), TO_39.map("en"));
        assertEquals(Optional.of("dx"), TO_39.map("dx"));
        assertEquals(Optional.empty(), TO_48.map("q"));
        assertEquals(Set.of("q"), TO_39.deleted());
        assertEquals(Optional.of("q"), PhoneMap.timit(PhoneSet.TIMIT_61, PhoneSet.TIMIT_61).map("q"));
    }

    @Test
    void foldingTwiceEqualsFoldingOnce() {
        for (String p : PhoneSet.TIMIT_61.symbols()) {
            Optional<String> via48 = TO_48.map(p).map(x -> FROM_48_TO_39.map(x).orElseThrow());
            assertEquals(TO_39.map(p), via48, p);
        }
        for (String p : PhoneSet.TIMIT_48.symbols()) {
            assertTrue(FROM_48_TO_39.map(p).isPresent(), p);
        }
    }

    @Test
    void everyTargetIsUsed() {
        Set<String> hit48 = new java.util.HashSet<>();
        Set<String> hit39 = new java.util.HashSet<>();
        for (String p : PhoneSet.TIMIT_61.symbols()) {
            TO_48.map(p).ifPresent(hit48::add);
            TO_39.map(p).ifPresent(hit39::add);
        }
        assertEquals(Set.copyOf(PhoneSet.TIMIT_48.symbols()), hit48);
        assertEquals(Set.copyOf(PhoneSet.TIMIT_39.symbols()), hit39);
    }

    @Test
    void unknownSymbolsGiveClearErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TO_39.map("xx"));
        assertEquals("unknown phone 'xx' (not in timit61)", e.getMessage());
        CorpusFormatException c = assertThrows(CorpusFormatException.class,
                () -> TO_39.map("xx", "MDAB0_SI1039", Path.of("T/SI1039.PHN"), 7));
        assertEquals("MDAB0_SI1039: T/SI1039.PHN:7: unknown phone 'xx' (not in timit61, 61 phones)", c.getMessage());
        assertEquals(7, c.corpusProblem().line());
        assertThrows(IllegalArgumentException.class, () -> PhoneMap.timit(PhoneSet.TIMIT_39, PhoneSet.TIMIT_61));
        IllegalArgumentException p = assertThrows(IllegalArgumentException.class, () -> PhoneSet.TIMIT_48.index("h#"));
        assertEquals("'h#' is not in phone set timit48 (48 phones)", p.getMessage());
    }

    @Test
    void synthesizerSymbolsAreAllTimitPhones() {
        // The output symbols of the shared make-corpus generator (its README, "Phone set and map").
        List<String> synthetic = List.of("aa", "ae", "ah", "ao", "aw", "ay", "b", "ch", "d", "dh", "eh", "er", "ey",
                "f", "g", "hh", "ih", "iy", "jh", "k", "l", "m", "n", "ng", "ow", "oy", "p", "r", "s", "sh", "t", "th",
                "uh", "uw", "v", "w", "y", "z", "zh", "pau", "h#");
        for (String p : synthetic) {
            assertTrue(PhoneSet.TIMIT_61.contains(p), p);
            assertTrue(TO_39.map(p).isPresent(), p);
        }
        assertEquals(Optional.of("sil"), TO_39.map("pau"));
    }

    @Test
    void customMapsAreValidated() {
        PhoneSet ab = new PhoneSet("ab", List.of("a", "b"));
        PhoneSet x = new PhoneSet("x", List.of("x"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PhoneMap(ab, x, Map.of("a", "x")));
        assertEquals("map ab -> x says nothing about 'b'", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new PhoneMap(ab, x, Map.of("a", "x", "b", "y")));
        assertThrows(IllegalArgumentException.class, () -> new PhoneSet("dup", List.of("a", "a")));
        assertFalse(new PhoneMap(ab, x, Map.of("a", "x", "b", "x")).knows("c"));
    }
}
