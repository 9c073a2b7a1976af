package carousel.lag;

import carousel.tensor.Rng;

/**
 * The embedded Reber grammar as a finite-state machine: generator, recognizer, and the set of
 * symbols allowed next, which the success test of Hochreiter &amp; Schmidhuber, "Long Short-Term
 * Memory", Neural Computation 9(8):1735–1780, 1997, Sec. 5.1, needs ("the output units for the
 * possible next symbols are always the most active"). The grammar is Reber's (1967), embedded as in
 * Cleeremans, Servan-Schreiber &amp; McClelland (1989) and Fahlman (1991):
 *
 * <pre>
 *   inner Reber string:  0 -B-> 1;  1 -T-> 2, 1 -P-> 3;  2 -S-> 2, 2 -X-> 4;  3 -T-> 3, 3 -V-> 5;
 *                        4 -X-> 3, 4 -S-> 6;  5 -P-> 4, 5 -V-> 6;  6 -E-> end
 *   embedded string:     B (T|P) &lt;inner string&gt; (the same T|P) E
 * </pre>
 * e.g. BTBTXSETE (9 symbols, the shortest) or BPBPVVEPE. Every branch is taken with probability 0.5.
 * Symbols are coded 0..6 in the order {@link #SYMBOLS} = "BTPSXVE".
 *
 * <p>A state is one int: {@code phase·2 + outer}, outer 0 for T and 1 for P (the symbol that must
 * be repeated before the final E). Phases: 0 expects the first B, 1 the outer T/P, 2 the inner B,
 * 3..8 the inner Reber states 1..6, 9 the repeated T/P, 10 the final E, 11 the end (nothing allowed).
 */
public final class ReberGrammar {
    public static final String SYMBOLS = "BTPSXVE";
    public static final int B = 0, T = 1, P = 2, S = 3, X = 4, V = 5, E = 6, SYMBOL_COUNT = 7;
    /** The state before any symbol. */
    public static final int START = 0;
    private static final int END_PHASE = 11;

    // INNER[s][symbol] = next inner state (1..6, 7 = after E), or 0 when not allowed; s = inner state 1..6
    private static final int[][] INNER = new int[7][SYMBOL_COUNT];
    static {
        INNER[1][T] = 2; INNER[1][P] = 3;
        INNER[2][S] = 2; INNER[2][X] = 4;
        INNER[3][T] = 3; INNER[3][V] = 5;
        INNER[4][X] = 3; INNER[4][S] = 6;
        INNER[5][P] = 4; INNER[5][V] = 6;
        INNER[6][E] = 7;
    }

    private ReberGrammar() {}

    /** The state after reading {@code symbol} in {@code state}, or −1 when the symbol is not allowed there. */
    public static int next(int state, int symbol) {
        int phase = state >> 1, outer = state & 1;
        int outerSymbol = outer == 0 ? T : P;
        return switch (phase) {
            case 0 -> symbol == B ? 1 << 1 : -1;
            case 1 -> symbol == T ? (2 << 1) : symbol == P ? (2 << 1) | 1 : -1;
            case 2 -> symbol == B ? (3 << 1) | outer : -1;
            case 3, 4, 5, 6, 7, 8 -> {
                int to = INNER[phase - 2][symbol];
                yield to == 0 ? -1 : to == 7 ? (9 << 1) | outer : ((to + 2) << 1) | outer;
            }
            case 9 -> symbol == outerSymbol ? (10 << 1) | outer : -1;
            case 10 -> symbol == E ? (END_PHASE << 1) | outer : -1;
            default -> -1;
        };
    }

    /** Bit k set when symbol k may come next in {@code state}; 0 at the end of a string. */
    public static int allowedMask(int state) {
        int mask = 0;
        for (int k = 0; k < SYMBOL_COUNT; k++) if (next(state, k) >= 0) mask |= 1 << k;
        return mask;
    }

    /** Whether {@code state} is the end of a complete embedded string. */
    public static boolean isEnd(int state) { return state >> 1 == END_PHASE; }

    /** A random embedded Reber string, each branch taken with probability 0.5. */
    public static int[] generate(Rng rng) {
        int[] buf = new int[64];
        int n = 0, state = START;
        while (!isEnd(state)) {
            int mask = allowedMask(state);
            int options = Integer.bitCount(mask);
            int pick = rng.nextInt(options);
            int symbol = -1;
            for (int k = 0; k < SYMBOL_COUNT; k++)
                if ((mask >> k & 1) != 0 && pick-- == 0) { symbol = k; break; }
            if (n == buf.length) buf = java.util.Arrays.copyOf(buf, 2 * n);
            buf[n++] = symbol;
            state = next(state, symbol);
        }
        return java.util.Arrays.copyOf(buf, n);
    }

    /** Whether the symbols form one complete embedded Reber string. */
    public static boolean recognizes(int[] symbols) {
        int state = START;
        for (int s : symbols) {
            if (s < 0 || s >= SYMBOL_COUNT) return false;
            state = next(state, s);
            if (state < 0) return false;
        }
        return isEnd(state);
    }

    public static String toText(int[] symbols) {
        StringBuilder sb = new StringBuilder(symbols.length);
        for (int s : symbols) sb.append(SYMBOLS.charAt(s));
        return sb.toString();
    }

    public static int[] fromText(String text) {
        int[] s = new int[text.length()];
        for (int i = 0; i < s.length; i++) {
            s[i] = SYMBOLS.indexOf(text.charAt(i));
            if (s[i] < 0) throw new IllegalArgumentException("'" + text.charAt(i) + "' is not a Reber symbol (" + SYMBOLS + ")");
        }
        return s;
    }
}
