/**
 * Online learning algorithms of the long-time-lag literature, each with its own small net: the LSTM of
 * Hochreiter &amp; Schmidhuber 1997 (memory blocks, optional forget gate of Gers et al. 2000) with its
 * truncated, O(1)-per-weight-per-step learning rule that carries traces ∂s_c/∂w forward, and full
 * real-time recurrent learning (Williams &amp; Zipser 1989) for simple RNNs, the paper's baseline.
 * Reference gradients computed backward through stored sequences sit beside them for the tests.
 */
package carousel.online;
