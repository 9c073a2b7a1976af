/**
 * Storage and kernels: {@link carousel.tensor.Tensor} (float32 or float64, row-major, time-major
 * sequences), the {@link carousel.tensor.Blas} sgemm with its OpenBLAS (FFM), pure-Java (Vector API)
 * and reference implementations, and {@link carousel.tensor.Ops}, the kernels layers and optimizers are
 * written against, in a fast float32 form and a plain float64 reference form; and the packed weight
 * matrices of streaming inference ({@link carousel.tensor.PackedWeights}: float32, bfloat16, int8 with
 * per-row scales; one stream or many at once); and the opt-in bfloat16 products of training
 * ({@link carousel.tensor.Products}, {@link carousel.tensor.Bf16Blas} over oneDNN). The float32 kernels give the same bits in interpreted
 * and JIT-compiled code (exp, σ, tanh and lane sums of {@code FloatMath}), so one seed gives one model;
 * this is the only package that imports {@code jdk.incubator.vector}. {@link carousel.tensor.Backend}
 * reads its settings once, at first use.
 */
package carousel.tensor;
