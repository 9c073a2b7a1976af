/**
 * The long-time-lag experiments of Hochreiter &amp; Schmidhuber, "Long Short-Term Memory" (Neural
 * Computation 9(8), 1997, Experiments 1–6) and the continual embedded Reber grammar of Gers,
 * Schmidhuber &amp; Cummins (2000): one generator per experiment behind {@link carousel.lag.LagTask},
 * each with the paper's input coding, test of a sequence and stopping rule ({@link carousel.lag.Stopping});
 * learning methods behind {@link carousel.lag.Learner}, registered by name in {@link carousel.lag.Learners};
 * and {@link carousel.lag.LagExperiment}, which runs N trials and prints them beside the paper's rows
 * ({@link carousel.lag.PaperResults}); with a run directory its trials checkpoint and resume bit for bit
 * ({@link carousel.lag.TrialStore}).
 */
package carousel.lag;
