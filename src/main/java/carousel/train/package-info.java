/**
 * Training: the BPTT trainer step, truncated BPTT streams (Sak et al. 2014), optimizers (SGD with
 * momentum, Adam), clipping, learning-rate schedules, and the gradient checks that prove the layers'
 * backward passes against finite differences.
 */
package carousel.train;
