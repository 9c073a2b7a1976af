/**
 * Storage and kernels: {@link carousel.tensor.Tensor} (float32 or float64, row-major, time-major
 * sequences), the {@link carousel.tensor.Blas} sgemm with its OpenBLAS (FFM), pure-Java (Vector API)
 * and reference implementations, {@link carousel.tensor.Ops}, the kernels layers are written
 * against, in a fast float32 form and a plain float64 reference form, and the packed weight
 * matrices of streaming inference ({@link carousel.tensor.PackedWeights}: float32, bfloat16, int8
 * with per-row scales; one stream or many at once).
 */
package carousel.tensor;
