/**
 * Models: {@link carousel.model.ModelConfig} in PyTorch's vocabulary and
 * {@link carousel.model.SequenceModel}, a recurrent stack with a linear output layer whose parameter
 * names are PyTorch's.
 */
package carousel.model;
