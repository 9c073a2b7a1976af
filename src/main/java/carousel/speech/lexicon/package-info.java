/**
 * Pronouncing dictionaries: {@link carousel.speech.lexicon.Lexicon} (words with pronunciations as phone
 * ids, held compactly) read from the CMU Sphinx dictionary or Kaldi's {@code lexicon.txt} /
 * {@code lexiconp.txt}, and {@link carousel.speech.lexicon.PhoneBridge}, the mapping between the
 * dictionary's CMU phones and an acoustic model's TIMIT phones.
 */
package carousel.speech.lexicon;
