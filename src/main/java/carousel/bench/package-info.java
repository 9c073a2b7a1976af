/**
 * Benchmarks: the fixed configurations B1 (LSTM training), B2 (LSTMP training), B3 (LSTMP
 * streaming, one stream) and B4 (32 streams of the same network stepped together), reported in
 * frames per second, matrix-product GFLOP/s, time per step and memory, beside the BLAS's own sgemm
 * rate on an LSTM-shaped product and one core's read bandwidth over B3's weight bytes (its ceiling).
 * Benchmarks measure speed; unit tests never do.
 */
package carousel.bench;
