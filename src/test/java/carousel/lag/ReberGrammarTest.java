package carousel.lag;

import carousel.tensor.Rng;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReberGrammarTest {
    static int mask(String symbols) {
        int m = 0;
        for (char c : symbols.toCharArray()) m |= 1 << ReberGrammar.SYMBOLS.indexOf(c);
        return m;
    }

    static int stateAfter(String prefix) {
        int s = ReberGrammar.START;
        for (int sym : ReberGrammar.fromText(prefix)) s = ReberGrammar.next(s, sym);
        return s;
    }

    @Test
    void recognizesGrammaticalStringsByHand() {
        for (String ok : new String[]{"BTBTXSETE", "BPBPVVEPE", "BTBTSSXXTVVETE", "BPBTXXVPSEPE", "BTBPTTVPXVVETE"})
            assertTrue(ReberGrammar.recognizes(ReberGrammar.fromText(ok)), ok);
        for (String bad : new String[]{
                "BTBTXSEPE",    // the repeated outer symbol differs from the second
                "BTBTXSET",     // no final E
                "BTBTXXETE",    // inner string: X from state 2, X to state 3, then E is not allowed
                "TBTXSETE",     // no leading B
                "BTBTXSETEB",   // trailing symbol
                "BTTXSETE"}) {  // no inner B
            assertFalse(ReberGrammar.recognizes(ReberGrammar.fromText(bad)), bad);
        }
    }

    @Test
    void allowedNextSymbolsAtKnownPlaces() {
        assertEquals(mask("B"), ReberGrammar.allowedMask(ReberGrammar.START));
        assertEquals(mask("TP"), ReberGrammar.allowedMask(stateAfter("B")));
        assertEquals(mask("B"), ReberGrammar.allowedMask(stateAfter("BP")));
        assertEquals(mask("TP"), ReberGrammar.allowedMask(stateAfter("BPB")));
        assertEquals(mask("SX"), ReberGrammar.allowedMask(stateAfter("BPBT")));
        assertEquals(mask("TV"), ReberGrammar.allowedMask(stateAfter("BPBP")));
        assertEquals(mask("XS"), ReberGrammar.allowedMask(stateAfter("BPBTX")));
        assertEquals(mask("PV"), ReberGrammar.allowedMask(stateAfter("BPBPV")));
        assertEquals(mask("E"), ReberGrammar.allowedMask(stateAfter("BPBPVV")));
        // the symbol before last is the one that followed the first B: the long-lag dependency
        assertEquals(mask("P"), ReberGrammar.allowedMask(stateAfter("BPBPVVE")));
        assertEquals(mask("T"), ReberGrammar.allowedMask(stateAfter("BTBPVVE")));
        assertEquals(mask("E"), ReberGrammar.allowedMask(stateAfter("BTBPVVET")));
        assertEquals(0, ReberGrammar.allowedMask(stateAfter("BTBPVVETE")));
        assertTrue(ReberGrammar.isEnd(stateAfter("BTBPVVETE")));
    }

    @Test
    void generatedStringsAreGrammaticalWithBothEmbeddingsEquallyLikely() {
        Rng rng = new Rng(3);
        int outerT = 0, n = 4000, shortest = Integer.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            int[] s = ReberGrammar.generate(rng);
            assertTrue(ReberGrammar.recognizes(s), ReberGrammar.toText(s));
            if (s[1] == ReberGrammar.T) outerT++;
            shortest = Math.min(shortest, s.length);
        }
        assertEquals(9, shortest, "the shortest embedded string, BTBTXSETE, has 9 symbols");
        assertEquals(0.5, outerT / (double) n, 0.03);
    }

    @Test
    void textRoundTripAndBadSymbol() {
        assertEquals("BTBTXSETE", ReberGrammar.toText(ReberGrammar.fromText("BTBTXSETE")));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> ReberGrammar.fromText("BTQ"));
        assertTrue(e.getMessage().contains("'Q'"), e.getMessage());
    }
}
