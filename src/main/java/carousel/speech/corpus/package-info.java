/**
 * Speech corpora in the layout of TIMIT (Garofolo et al., "TIMIT Acoustic-Phonetic Continuous Speech
 * Corpus", LDC93S1, 1993): {@code ROOT/TRAIN|TEST/DR*}{@code /SPEAKER/UTT.{WAV,PHN,WRD,TXT}}.
 *
 * <p>{@link carousel.speech.corpus.TimitCorpus} enumerates utterances and knows the standard core test
 * and development speakers; {@link carousel.speech.corpus.TimitCorpus#scan()} checks every utterance
 * and returns the good ones with a list of problems. {@link carousel.speech.corpus.PhoneSet} and
 * {@link carousel.speech.corpus.PhoneMap} hold the 61, 48 and 39 phone sets and Lee &amp; Hon's folding;
 * {@link carousel.speech.corpus.FrameTargets} turns a {@code .PHN} alignment into one label per
 * feature frame (phone or HMM state), using the frame geometry of Kaldi's feature extractor.
 * {@link carousel.speech.corpus.CorpusStats} summarises a corpus for {@code carousel corpus info}.
 */
package carousel.speech.corpus;
