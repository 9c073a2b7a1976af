package carousel.tensor;

/** Element type of a {@link Tensor}: float32 for training and inference, float64 for gradient checks. */
public enum DType {
    F32, F64
}
