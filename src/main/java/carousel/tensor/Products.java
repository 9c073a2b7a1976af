package carousel.tensor;

import java.util.Arrays;
import java.util.Locale;

/**
 * The precision of training's large whole-chunk matrix products: the input products X·W_ihᵀ over all
 * T·B rows of a chunk, the output layer, the non-recurrent projection, dx, and the weight gradients
 * dYᵀ·X after the time loop. The per-step recurrent products, every element-wise kernel, the
 * weights, their gradients' sums and the optimizer stay float32 either way, and so does inference.
 * Chosen per working memory ({@code SequenceModel.newCache(Products)}): a trainer's cache may use
 * bf16 while the development evaluation of the same model runs in float32.
 */
public enum Products {
    /** float32 operands and sums (default). */
    F32,
    /** Operands rounded to bfloat16, float32 sums ({@link Bf16Blas}: oneDNN's {@code dnnl_gemm_bf16bf16f32}), where available. */
    BF16;

    /** The name on the command line: {@code f32}, {@code bf16}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code f32} or {@code bf16}. */
    public static Products parse(String name) {
        for (Products p : values()) if (p.configName().equals(name)) return p;
        throw new IllegalArgumentException("training products must be one of " + Arrays.stream(values()).map(Products::configName).toList() + ", got '" + name + "'");
    }
}
