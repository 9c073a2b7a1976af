package carousel.speech.lexicon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import carousel.speech.lm.LmFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Letter-to-sound on a made-up language with regular spelling: consonants b d k t, s (but "sh" is SH,
 * its h silent), "x" is K S (one letter, two phones), vowels a → AA, i → IY, o → OW, and a final "e" is
 * silent. Trained on most words, it must pronounce the held-out ones: every rule is needed (a silent
 * letter, a two-phone letter, a letter whose sound depends on the next one).
 */
class LetterToSoundTest {

    @TempDir
    Path tmp;

    static final String[] ONSETS = {"b", "d", "k", "t", "s", "sh", "x"};
    static final String[] VOWELS = {"a", "i", "o"};

    static String phonesOf(String word) {
        List<String> p = new ArrayList<>();
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            switch (c) {
                case 'b' -> p.add("B");
                case 'd' -> p.add("D");
                case 'k' -> p.add("K");
                case 't' -> p.add("T");
                case 's' -> p.add(i + 1 < word.length() && word.charAt(i + 1) == 'h' ? "SH" : "S");
                case 'h' -> { }
                case 'x' -> { p.add("K"); p.add("S"); }
                case 'a' -> p.add("AA");
                case 'i' -> p.add("IY");
                case 'o' -> p.add("OW");
                case 'e' -> { }
                default -> throw new IllegalStateException(word);
            }
        }
        return String.join(" ", p);
    }

    @Test
    void learnsRegularSpellingAndPronouncesHeldOutWords() throws IOException {
        List<String> words = new ArrayList<>();
        for (String o1 : ONSETS) {
            for (String v1 : VOWELS) {
                for (String o2 : ONSETS) {
                    for (String v2 : VOWELS) {
                        words.add(o1 + v1 + o2 + v2 + (words.size() % 3 == 0 ? "te" : ""));
                    }
                }
            }
        }
        StringBuilder dict = new StringBuilder();
        for (String w : words) {
            dict.append(w).append(' ').append(phonesOf(w)).append('\n');
        }
        Path f = tmp.resolve("toy.dict");
        Files.writeString(f, dict);
        Lexicon lex = Lexicon.readCmu(f);
        assertEquals(441, lex.size());
        // hold out one word in 7 (by position, so every letter still occurs in training)
        java.util.Set<String> test = new java.util.HashSet<>();
        for (int i = 0; i < words.size(); i += 7) {
            test.add(words.get(i));
        }
        LetterToSound g2p = LetterToSound.train(lex, 4, tmp.resolve("g2p.arpa"), w -> !test.contains(w));
        LetterToSound.Evaluation e = g2p.evaluate(lex, test::contains);
        assertEquals(63, e.words());
        assertTrue(e.phoneErrorPercent() < 2.0, "PER " + e.phoneErrorPercent() + " WER " + e.wordErrorPercent());
        assertEquals(List.of("SH", "IY", "K", "S", "OW", "T"), g2p.pronounceSymbols("shixote"));
        // the saved model reads back and pronounces alike
        LetterToSound back = LetterToSound.load(tmp.resolve("g2p.arpa"), PhoneBridge.CMU_39);
        assertEquals(g2p.pronounceSymbols("bashi"), back.pronounceSymbols("bashi"));
        // a letter never seen is silent
        assertEquals(List.of("B", "AA"), g2p.pronounceSymbols("bqa"));
        // a lexicon completed for an LM's vocabulary: known words kept, the others guessed
        Lexicon more = lex.withGuesses(List.of("<s>", words.get(1), "doshiba", "bo"), g2p);
        assertEquals(lex.size() + 2, more.size());
        assertEquals(lex.pronunciations(words.get(1)), more.pronunciations(words.get(1)));
        assertEquals(List.of(List.of("D", "OW", "SH", "IY", "B", "AA")), more.pronunciations("doshiba"));
        assertEquals(List.of(List.of("B", "OW")), more.pronunciations("bo"));
        assertEquals(more.size() - 1, more.wordOf(more.pronunciationCount() - 1));
        Path wrongSet = tmp.resolve("g2p.arpa");
        assertThrows(LmFormatException.class, () -> LetterToSound.load(wrongSet, carousel.speech.corpus.PhoneSet.TIMIT_48));
    }
}
