/**
 * Phone recognition by Viterbi search over phone HMMs joined by a phone bigram, the decoder of a
 * hybrid network/HMM system. The acoustic model meets the decoder through one small interface,
 * {@link carousel.speech.decode.Decodable} ("what is the log-likelihood of this index at this frame?",
 * after Kaldi's {@code src/itf/decodable-itf.h}); {@link carousel.speech.decode.ScaledLikelihoods}
 * turns a network's log-posteriors into scaled likelihoods with {@link carousel.speech.decode.StatePriors}.
 * {@link carousel.speech.decode.PhoneBigram} is the language model (Witten-Bell, ARPA files),
 * {@link carousel.speech.decode.HmmTopology} the left-to-right phone models, and
 * {@link carousel.speech.decode.ViterbiDecoder} the beam-pruned token-passing search, whole-utterance or
 * one frame at a time; {@link carousel.speech.decode.TriphoneDecoder} the same search over triphone units
 * whose states are context-dependent tied states. Words: {@link carousel.speech.decode.WordDecoder} searches a
 * {@link carousel.speech.decode.LexiconTree} with an n-gram LM and keeps a word lattice, which
 * {@link carousel.speech.decode.LatticeRescorer} rescores with a second LM; with tied states,
 * {@link carousel.speech.decode.ContextStates} gives each of its states the tied states of its triphone;
 * {@link carousel.speech.decode.ForcedAligner} aligns a known word sequence.
 */
package carousel.speech.decode;
