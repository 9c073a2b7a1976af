/**
 * Kaldi's file formats, read and written without Kaldi: data directories ({@code wav.scp}, {@code text},
 * {@code utt2spk}, {@code spk2utt}, {@code segments}), archives ({@code .ark}) of float matrices and
 * int32 vectors in Kaldi's binary and text forms, and {@code .scp} index files pointing into them.
 * Formats follow Kaldi's sources ({@code src/base/io-funcs}, {@code src/matrix/kaldi-matrix.cc},
 * {@code src/util/kaldi-holder-inl.h}; D. Povey et al., "The Kaldi Speech Recognition Toolkit", ASRU 2011).
 *
 * <p>Reading is defensive: a truncated file, a bad token, a size larger than the file or a value of
 * the wrong type gives a {@link carousel.speech.kaldi.KaldiFormatException} naming the file, the key
 * and the byte offset, never an out-of-memory or index error. Piped commands ({@code ... |}) and
 * compressed matrices are not supported and say so.
 */
package carousel.speech.kaldi;
