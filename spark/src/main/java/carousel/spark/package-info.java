/**
 * Data-parallel training of Carousel sequence models on Apache Spark. The driver holds the model and
 * the optimizer; every step it broadcasts the weights, each partition runs truncated BPTT on its own
 * utterance streams and returns its gradient, the gradients are summed by tree aggregation and the
 * driver updates ({@link carousel.spark.SparkTrainer.Mode#SYNCHRONOUS}); or each partition takes
 * several local steps and the weights are averaged ({@link carousel.spark.SparkTrainer.Mode#MODEL_AVERAGING}).
 * Tasks are pure functions of their broadcast inputs, so Spark's retry of a failed task neither loses
 * nor double-counts data; checkpoints are written by the driver only.
 */
package carousel.spark;
