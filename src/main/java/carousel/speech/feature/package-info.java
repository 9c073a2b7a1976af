/**
 * The speech front end. Kaldi-compatible features: log-mel filterbanks ({@link carousel.speech.feature.Fbank}) and
 * MFCCs ({@link carousel.speech.feature.Mfcc}) with Kaldi's definitions, defaults and option names (except dither 0),
 * checked against {@code torchaudio.compliance.kaldi}; then the usual post-processing: cepstral mean and variance
 * normalisation ({@link carousel.speech.feature.CmvnStats}), deltas ({@link carousel.speech.feature.Deltas}), frame
 * stacking and skipping ({@link carousel.speech.feature.FrameStacking}). {@link carousel.speech.feature.FeaturePipeline}
 * is the whole chain as one typed record (kind + Kaldi options, CMVN, deltas, global normalisation, splicing), run
 * on whole utterances or frame by frame with identical results; the feature commands, acoustic-model training,
 * decoding (streaming too) and Spark all use it. Features are (T, D) {@link carousel.speech.feature.FeatureMatrix}
 * values; options are records parsed from Kaldi's {@code --name=value} strings ({@link carousel.speech.feature.KaldiArgs},
 * {@link carousel.speech.feature.FeatureOptions}).
 */
package carousel.speech.feature;
