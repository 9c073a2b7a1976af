/**
 * Losses on time-major outputs: softmax cross-entropy and mean squared error, masked by sequence
 * lengths, on every frame or only at each sequence's end.
 */
package carousel.loss;
