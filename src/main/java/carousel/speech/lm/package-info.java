/**
 * Word language models for the decoder: {@link carousel.speech.lm.Vocabulary} (word ↔ id),
 * {@link carousel.speech.lm.NgramLm} (a back-off n-gram model of any order with integer states, read
 * from ARPA files by {@link carousel.speech.lm.ArpaReader}), and the estimation of small models from text.
 * Models are immutable and shared by decoder threads; the hot path allocates nothing.
 */
package carousel.speech.lm;
