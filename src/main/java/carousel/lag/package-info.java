/**
 * Long-time-lag tasks of Hochreiter &amp; Schmidhuber 1997, starting with the adding problem
 * (Experiment 4), used by the demo and by learning tests.
 */
package carousel.lag;
