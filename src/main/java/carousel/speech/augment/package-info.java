/**
 * Training-data augmentation, on the fly, seeded and repeatable: speed perturbation with its alignment
 * scaled along ({@link carousel.speech.augment.SpeedPerturbation}), simulated room reverberation with a
 * synthetic impulse response ({@link carousel.speech.augment.RoomReverb}), additive babble and coloured noise at
 * a chosen SNR ({@link carousel.speech.augment.AdditiveNoise}), and SpecAugment-style time/frequency masking
 * ({@link carousel.speech.augment.SpecAugment}); {@link carousel.speech.augment.Augmenter} applies what
 * {@link carousel.speech.augment.AugmentOptions} asks to one utterance of one epoch.
 */
package carousel.speech.augment;
