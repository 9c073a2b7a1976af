/**
 * Training: the BPTT trainer step, truncated BPTT streams (Sak et al. 2014) and their scheduler,
 * optimizers (SGD with momentum, Adam), clipping, learning-rate schedules, the gradient checks that
 * prove the layers' backward passes against finite differences, and the drivers: {@link
 * carousel.train.EpochLoop}, the one epoch loop of every trainer with a development set, in a locked,
 * settings-checked {@link carousel.train.RunDirectory} with {@link carousel.train.Checkpoint}s (and {@link
 * carousel.train.PartialCheckpoint}s inside long epochs) and one
 * {@link carousel.train.History}; {@link carousel.train.TrainingLoop} for sequence budgets on generated tasks.
 */
package carousel.train;
