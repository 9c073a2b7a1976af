/**
 * The LSTM of Hochreiter &amp; Schmidhuber 1997 as its authors built and trained it: memory blocks of
 * cells sharing input and output gates (optionally the forget gate of Gers et al. 2000), a hidden
 * layer fully connected in time, and the truncated, O(1)-per-weight-per-step online learning
 * algorithm that carries RTRL-style traces ∂s_c/∂w forward. A reference truncated-BPTT gradient of
 * the same net sits beside it for the tests.
 */
package carousel.lstm1997;
