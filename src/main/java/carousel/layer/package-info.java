/**
 * Layers, each with its forward and backward side by side and its equations in the javadoc: simple
 * RNN, LSTM (1997 cell, forget gate, peepholes, LSTMP projections), the bidirectional wrapper and the
 * frame-wise linear layer. Shapes: T time, B batch, I input, H cells, R recurrent width, O output.
 */
package carousel.layer;
