/**
 * Recognition: the layer above the acoustic model ({@code am}), the phone models ({@code plm}), the
 * decoders ({@code decode}) and scoring ({@code score}) that joins them. {@link carousel.speech.recognize.Recognizer}
 * runs hybrid NN/HMM phone recognition (whole utterances or streaming, frame by frame) and
 * {@link carousel.speech.recognize.PlmRecognition} scores any search (Viterbi with a bigram, beam search
 * with an RNN phone model) on the same acoustic scores. The packages below it know nothing of each other's
 * models; only this one (and the commands) puts them together.
 */
package carousel.speech.recognize;
