/**
 * The file formats Carousel reads and writes: JSON for configuration ({@link carousel.io.Json}: typed
 * accessors and one-line errors over Jackson's streaming parser and generator),
 * NumPy {@code .npy} arrays ({@link carousel.io.Npy}) and safetensors weight files
 * ({@link carousel.io.SafeTensors}); the strict reader of line-based text formats
 * ({@link carousel.io.TextLines}: decoded lines of transcripts, phone LMs, .PHN and Kaldi tables, or the
 * raw bytes of large line-oriented files such as word language models and dictionaries, decoded strictly
 * where kept), and the input-file check every reader makes first ({@link carousel.io.InputFiles}).
 *
 * <p>Every reader is strict and defensive: declared sizes are checked against the real length of
 * the input before anything is allocated, and every malformed input ends in a
 * {@link carousel.io.FormatException} (an {@link java.io.IOException}) that names the file and the
 * problem, never in an index error or an out-of-memory error. {@code FormatException} is also the base
 * of the other packages' format errors (audio, Kaldi, corpus, language model, transcripts), so that the
 * command line reports all of them alike. Writers are deterministic, so the
 * same content always gives the same bytes.
 */
package carousel.io;
