/**
 * Scoring phone recognition: edit-distance alignment of reference and hypothesis phone sequences
 * ({@link carousel.speech.score.EditAlignment}), folding both sides to Lee &amp; Hon's 39 classes
 * ({@link carousel.speech.score.PhoneFolding}), phone error rate per speaker and overall
 * ({@link carousel.speech.score.ScoreReport}, sclite-like table), frame accuracy
 * ({@link carousel.speech.score.FrameAccuracy}), and the transcript and CTM files they read and write
 * ({@link carousel.speech.score.Transcripts}, {@link carousel.speech.score.Ctm}).
 */
package carousel.speech.score;
