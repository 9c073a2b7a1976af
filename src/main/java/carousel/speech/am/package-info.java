/**
 * Acoustic models for phone recognition in the setting of Sak, Senior &amp; Beaufays (Interspeech
 * 2014): frame-level LSTM, LSTMP, simple RNN and DNN models predicting phones or context-independent
 * HMM states from log-mel or MFCC features, trained with truncated BPTT over parallel utterance
 * streams, and turned into per-frame log posteriors for hybrid decoding.
 */
package carousel.speech.am;
