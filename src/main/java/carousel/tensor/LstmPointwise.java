package carousel.tensor;

/**
 * The element-wise part of one LSTM time step, shared by the float32 kernels and the float64
 * reference. Gate pre-activations of a row are laid out {@code [i, f, g, o]} blocks of H each
 * (PyTorch's order), or {@code [i, g, o]} when the forget gate is off (the 1997 cell, f ≡ 1).
 * Peephole weights (Gers, Schraudolph &amp; Schmidhuber 2002) are rows {@code [p_i, p_f, p_o]}
 * ({@code [p_i, p_o]} without forget gate) of H each.
 *
 * <pre>
 *   i = σ(z_i + p_i⊙c_{t-1})   f = σ(z_f + p_f⊙c_{t-1})   g = G(z_g)
 *   c_t = clip(f⊙c_{t-1} + i⊙g)   o = σ(z_o + p_o⊙c_t)   m_t = o⊙H(c_t)
 * </pre>
 * where σ is {@code gate}, G is {@code cellInput} and H is {@code cellOutput}; clip is to
 * [-cellClip, cellClip] when cellClip &gt; 0 (Sak et al. 2014), with zero gradient where it clipped.
 */
public record LstmPointwise(int hidden, boolean forgetGate, boolean peepholes,
                            Activation gate, Activation cellInput, Activation cellOutput, float cellClip) {
    public LstmPointwise {
        if (hidden < 1) throw new IllegalArgumentException("hidden_size must be at least 1, got " + hidden);
        if (cellClip < 0 || Float.isNaN(cellClip)) throw new IllegalArgumentException("cell_clip must be >= 0 (0 = off), got " + cellClip);
    }

    /** Number of gate blocks per row: 4 with forget gate, 3 without. */
    public int gates() { return forgetGate ? 4 : 3; }
    public int iOff() { return 0; }
    public int fOff() { return forgetGate ? hidden : -1; }
    public int gOff() { return forgetGate ? 2 * hidden : hidden; }
    public int oOff() { return forgetGate ? 3 * hidden : 2 * hidden; }
    /** Rows of the peephole matrix: 3 (i, f, o) with forget gate, 2 (i, o) without. */
    public int peepRows() { return forgetGate ? 3 : 2; }
    public int peepI() { return 0; }
    public int peepF() { return forgetGate ? hidden : -1; }
    public int peepO() { return forgetGate ? 2 * hidden : hidden; }
}
