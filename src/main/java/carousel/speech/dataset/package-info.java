/**
 * Acoustic training and test data held in memory: the utterances of a TIMIT-layout corpus with their
 * features (through a {@link carousel.speech.feature.FeaturePipeline}) and frame targets
 * ({@link carousel.speech.dataset.TargetSet}: phones or HMM states), computed once in parallel. What
 * acoustic-model training, decoding and the {@code features corpus} command read.
 */
package carousel.speech.dataset;
