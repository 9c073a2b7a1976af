package carousel.spark;

import carousel.layer.Param;
import carousel.model.SequenceModel;

/**
 * Weights and gradients of a float32 model as one flat array, parameters concatenated in
 * {@link SequenceModel#params()} order: the form in which they are broadcast and tree-reduced.
 */
public final class FlatParams {
    private FlatParams() {}

    /** A copy of every weight, (W). */
    public static float[] values(SequenceModel model) { return gather(model, false); }

    /** A copy of every gradient, (W). */
    public static float[] gradients(SequenceModel model) { return gather(model, true); }

    public static void setValues(SequenceModel model, float[] flat) { scatter(model, flat, false); }

    public static void setGradients(SequenceModel model, float[] flat) { scatter(model, flat, true); }

    private static float[] gather(SequenceModel model, boolean grad) {
        float[] out = new float[(int) model.parameterCount()];
        int off = 0;
        for (Param p : model.params().values()) {
            float[] src = (grad ? p.grad() : p.value()).f;
            if (src == null) throw new IllegalArgumentException("distributed training needs a float32 model; " + p.name() + " is float64");
            System.arraycopy(src, 0, out, off, src.length);
            off += src.length;
        }
        return out;
    }

    private static void scatter(SequenceModel model, float[] flat, boolean grad) {
        if (flat.length != model.parameterCount())
            throw new IllegalArgumentException("flat array holds " + flat.length + " values, the model has " + model.parameterCount() + " parameters");
        int off = 0;
        for (Param p : model.params().values()) {
            float[] dst = (grad ? p.grad() : p.value()).f;
            System.arraycopy(flat, off, dst, 0, dst.length);
            off += dst.length;
        }
    }
}
