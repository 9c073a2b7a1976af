/**
 * The file formats Carousel reads and writes: JSON for configuration ({@link carousel.io.Json}),
 * NumPy {@code .npy} arrays ({@link carousel.io.Npy}) and safetensors weight files
 * ({@link carousel.io.SafeTensors}); {@link carousel.io.ByteLines} streams large line-oriented text files
 * (language models, dictionaries) as bytes with strict UTF-8 decoding.
 *
 * <p>Every reader is strict and defensive: declared sizes are checked against the real length of
 * the input before anything is allocated, and every malformed input ends in a
 * {@link carousel.io.FormatException} (an {@link java.io.IOException}) that names the file and the
 * problem, never in an index error or an out-of-memory error. Writers are deterministic, so the
 * same content always gives the same bytes.
 */
package carousel.io;
