/**
 * Progress of long jobs ({@link carousel.progress.ProgressBar}): one live bar with rate and ETA on a
 * terminal, plain periodic lines in logs. Every command that works through many items (utterances,
 * files, sequences, trials) reports through it, so that they all look alike.
 */
package carousel.progress;
