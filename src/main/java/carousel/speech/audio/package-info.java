/**
 * Reading speech audio: RIFF WAV (PCM, IEEE float, μ-law, A-law, WAVE_FORMAT_EXTENSIBLE) and NIST SPHERE
 * (TIMIT's {@code .WAV} files), detected from their magic bytes rather than their file name.
 *
 * <p>{@link carousel.speech.audio.AudioReader} returns a {@link carousel.speech.audio.Waveform}: one channel of
 * float samples on Kaldi's 16-bit scale (integer values in [-32768, 32767] for 16-bit audio), since Kaldi's
 * features are defined on that scale. Damaged or unsupported files raise
 * {@link carousel.speech.audio.AudioFormatException}, naming the file and the problem. A band-limited
 * {@link carousel.speech.audio.Resampler} converts between sample rates when asked to.
 */
package carousel.speech.audio;
