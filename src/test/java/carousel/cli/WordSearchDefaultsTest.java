package carousel.cli;

import carousel.speech.decode.WordDecoderOptions;
import carousel.speech.recognize.WordRecognizer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The commands' word-search defaults are the library's (one tuned operating point, docs/results/word-recognition.md). */
class WordSearchDefaultsTest {
    @Test
    void commandDefaultsAreTheLibraryDefaults() {
        assertEquals(WordRecognizer.DEFAULT_ACOUSTIC_SCALE, Double.parseDouble(WordSearchOptions.ACOUSTIC_SCALE));
        assertEquals(WordDecoderOptions.DEFAULT.lmWeight(), Double.parseDouble(WordSearchOptions.LM_WEIGHT));
        assertEquals(WordDecoderOptions.DEFAULT.wordInsertionPenalty(), Double.parseDouble(WordSearchOptions.WORD_PENALTY));
        assertEquals(WordDecoderOptions.DEFAULT.beam(), Double.parseDouble(WordSearchOptions.BEAM));
        assertEquals(WordDecoderOptions.DEFAULT.maxActive(), Integer.parseInt(WordSearchOptions.MAX_ACTIVE));
    }
}
