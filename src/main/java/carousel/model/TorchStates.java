package carousel.model;

import carousel.tensor.Tensor;

/**
 * Converts between PyTorch's stacked initial/final states, h (L·D, B, R) and c (L·D, B, H) with
 * index layer·D + direction, and Carousel's per-layer state parts ([h, c] per direction).
 */
public final class TorchStates {
    private TorchStates() {}

    /** PyTorch (h0, c0) to per-layer states; c0 is ignored (and may be null) for RNN models. */
    public static Tensor[][] fromTorch(SequenceModel model, Tensor h0, Tensor c0) {
        ModelConfig c = model.config();
        int L = c.numLayers(), D = c.directions();
        if (h0.rank() != 3 || h0.dim(0) != L * D)
            throw new IllegalArgumentException("h0 must be (num_layers·directions = " + L * D + ", B, R), got " + h0.shapeString());
        int B = h0.dim(1);
        Tensor[][] s = model.zeroStates(B);
        boolean lstm = c.cell() == Cell.LSTM;
        for (int l = 0; l < L; l++)
            for (int d = 0; d < D; d++) {
                int parts = lstm ? 2 : 1;
                Tensor h = s[l][d * parts];
                if (h0.dim(2) != h.dim(1)) throw new IllegalArgumentException("h0 last dimension must be " + h.dim(1) + ", got " + h0.dim(2));
                Tensor.copy(h0, (l * D + d) * B * h.dim(1), h, 0, h.size());
                if (lstm) {
                    if (c0 == null || c0.rank() != 3 || c0.dim(0) != L * D || c0.dim(1) != B || c0.dim(2) != c.hiddenSize())
                        throw new IllegalArgumentException("c0 must be (" + L * D + ", " + B + ", " + c.hiddenSize() + ")" + (c0 == null ? "" : ", got " + c0.shapeString()));
                    Tensor cc = s[l][d * parts + 1];
                    Tensor.copy(c0, (l * D + d) * B * cc.dim(1), cc, 0, cc.size());
                }
            }
        return s;
    }
}
