/**
 * Acoustic models for phone recognition in the setting of Sak, Senior &amp; Beaufays (Interspeech
 * 2014): frame-level LSTM, LSTMP, simple RNN and DNN models predicting phones, context-independent
 * HMM states or context-dependent tied states (a {@code speech.tree} tree) from the features of a {@link carousel.speech.feature.FeaturePipeline}, trained with
 * truncated BPTT over parallel utterance streams, and turned into per-frame log posteriors. The model
 * and its training only: the data it reads is {@code speech.dataset}'s, decoding and scoring are
 * {@code speech.recognize}'s.
 */
package carousel.speech.am;
