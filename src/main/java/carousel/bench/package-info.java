/**
 * Benchmarks: the fixed configurations B1 (LSTM training), B2 (LSTMP training) and B3 (LSTMP
 * streaming), reported in frames per second, matrix-product GFLOP/s and memory, beside the BLAS's own
 * sgemm rate on an LSTM-shaped product. Benchmarks measure speed; unit tests never do.
 */
package carousel.bench;
