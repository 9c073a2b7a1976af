/**
 * Kaldi-compatible speech features: log-mel filterbanks ({@link carousel.speech.feature.Fbank}) and MFCCs
 * ({@link carousel.speech.feature.Mfcc}) with Kaldi's definitions, defaults and option names (except dither 0),
 * checked against {@code torchaudio.compliance.kaldi}; then the usual post-processing: deltas
 * ({@link carousel.speech.feature.Deltas}), cepstral mean and variance normalisation
 * ({@link carousel.speech.feature.CmvnStats}), frame stacking and skipping
 * ({@link carousel.speech.feature.FrameStacking}). Features are (T, D) {@link carousel.speech.feature.FeatureMatrix}
 * values; options are records parsed from Kaldi's {@code --name=value} strings ({@link carousel.speech.feature.KaldiArgs}).
 */
package carousel.speech.feature;
