/**
 * Phone sequence modelling with recurrent networks (N. Boulanger-Lewandowski, J. Droppo, M. Seltzer and
 * D. Yu, ICASSP 2014): an LSTM or simple-RNN phone language model ({@link carousel.speech.plm.RnnPhoneModel},
 * trained by {@link carousel.speech.plm.PlmTrainer} on folded phone transcripts from
 * {@link carousel.speech.plm.PhoneTranscripts}) in place of the phone bigram, and a frame-synchronous beam
 * search ({@link carousel.speech.plm.BeamSearchDecoder}) that joins the acoustic model's scaled likelihoods
 * to the model's prediction of the next phone given the whole history. {@link carousel.speech.plm.PhoneModel}
 * is the seam: the uniform and bigram models implement it too, which is how the search is checked against
 * the Viterbi decoder.
 */
package carousel.speech.plm;
