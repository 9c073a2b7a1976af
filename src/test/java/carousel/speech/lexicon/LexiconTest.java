package carousel.speech.lexicon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import carousel.speech.corpus.PhoneMap;
import carousel.speech.corpus.PhoneSet;
import carousel.speech.lm.LmFormatException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LexiconTest {

    static final Path FIXTURES = Path.of("src/test/resources/fixtures/lexicon");

    @TempDir
    Path tmp;

    @Test
    void readsTheCmuSphinxFormat() throws IOException {
        Lexicon lex = Lexicon.readCmu(FIXTURES.resolve("tiny.dict"));
        assertEquals(5, lex.size());
        assertEquals(7, lex.pronunciationCount());
        assertEquals(List.of(List.of("HH", "AH", "L", "OW"), List.of("HH", "EH", "L", "OW")), lex.pronunciations("hello"));
        assertEquals(List.of(List.of("W", "ER", "L", "D")), lex.pronunciations("world"));
        assertEquals(List.of(List.of("R", "IY", "D")), lex.pronunciations("read"), "stress digit dropped");
        assertEquals(List.of(), lex.pronunciations("goodbye"));
        int the = lex.words().id("the");
        assertEquals(2, lex.endPronunciation(the) - lex.firstPronunciation(the));
        int p = lex.firstPronunciation(the) + 1;
        assertEquals(the, lex.wordOf(p));
        assertEquals(2, lex.length(p));
        assertEquals(PhoneBridge.CMU_39.index("IY"), lex.phone(p, 1));
        assertEquals(0f, lex.logProb(p));
        assertTrue(lex.arrayBytes() > 0);
    }

    @Test
    void readsKaldiLexicons() throws IOException {
        PhoneSet phones = PhoneSet.TIMIT_48;
        Lexicon plain = Lexicon.read(FIXTURES.resolve("lexicon.txt"), LexiconFormat.KALDI, phones);
        Lexicon withProb = Lexicon.read(FIXTURES.resolve("lexiconp.txt"), LexiconFormat.KALDI_PROB, phones);
        for (Lexicon lex : List.of(plain, withProb)) {
            assertEquals(2, lex.size());
            assertEquals(List.of(List.of("hh", "ah", "l", "ow"), List.of("hh", "eh", "l", "ow")), lex.pronunciations("hello"));
        }
        int hello = withProb.words().id("hello");
        assertEquals(Math.log(0.5), withProb.logProb(withProb.firstPronunciation(hello) + 1), 1e-7);
        assertEquals(0.0, plain.logProb(plain.firstPronunciation(hello) + 1));
    }

    private String error(String content, LexiconFormat format, PhoneSet phones) throws IOException {
        Path f = tmp.resolve("bad.dict");
        Files.write(f, content.getBytes(StandardCharsets.ISO_8859_1));
        LmFormatException e = assertThrows(LmFormatException.class, () -> Lexicon.read(f, format, phones));
        assertTrue(e.getMessage().startsWith(f + ":"), e.getMessage());
        return e.getMessage().substring(f.toString().length());
    }

    @Test
    void badLinesNameFileAndLine() throws IOException {
        PhoneSet cmu = PhoneBridge.CMU_39;
        assertEquals(":2: unknown phone 'XX' (not in cmu39 (39 phones))", error("a AH\nb XX\n", LexiconFormat.CMU, cmu));
        assertEquals(":2: word 'b' has no phones", error("a AH\nb   # none\n", LexiconFormat.CMU, cmu));
        assertEquals(":1: bad pronunciation probability 'x' (must be a number in (0, 1])",
                error("a x hh\n", LexiconFormat.KALDI_PROB, PhoneSet.TIMIT_48));
        assertEquals(":1: bad pronunciation probability '1.5' (must be a number in (0, 1])",
                error("a 1.5 hh\n", LexiconFormat.KALDI_PROB, PhoneSet.TIMIT_48));
        assertEquals(":3: word 'a' has this pronunciation already (line 1)", error("a AH\nb B\na(2) AH\n", LexiconFormat.CMU, cmu));
        assertEquals(":2: invalid UTF-8", error("a AH\n\u00e9 AH\n", LexiconFormat.CMU, cmu));
        assertEquals(": no pronunciations (an empty kaldi lexicon)", error("\n", LexiconFormat.KALDI, cmu));
    }

    @Test
    void mapsPronunciationsIntoAnAcousticModelsPhones() throws IOException {
        Lexicon lex = Lexicon.readCmu(FIXTURES.resolve("tiny.dict"));
        Lexicon am39 = lex.mapped(PhoneBridge.dictionaryToAcoustic(PhoneSet.TIMIT_39));
        assertEquals(PhoneSet.TIMIT_39, am39.phones());
        assertEquals(List.of(List.of("hh", "ah", "l", "ow"), List.of("hh", "eh", "l", "ow")), am39.pronunciations("hello"));
        assertEquals(List.of(List.of("s", "iy", "z", "er")), am39.pronunciations("caesar"));
        Path f = tmp.resolve("zh.dict");
        Files.writeString(f, "beige B EY ZH\nbeige(2) B EY SH\nmore M AO R\n");
        Lexicon merged = Lexicon.readCmu(f).mapped(PhoneBridge.dictionaryToAcoustic(PhoneSet.TIMIT_39));
        assertEquals(List.of(List.of("b", "ey", "sh")), merged.pronunciations("beige"), "ZH and SH fold together");
        assertEquals(List.of(List.of("m", "aa", "r")), merged.pronunciations("more"));
        assertEquals(2, merged.pronunciationCount());
        assertThrows(IllegalArgumentException.class, () -> lex.mapped(PhoneBridge.acousticToDictionary(PhoneSet.TIMIT_61)));
    }

    @Test
    void bridgesDictionaryAndAcousticPhones() {
        PhoneMap to48 = PhoneBridge.dictionaryToAcoustic(PhoneSet.TIMIT_48);
        assertEquals(Optional.of("ao"), to48.map("AO"));
        assertEquals(Optional.of("zh"), to48.map("ZH"));
        PhoneMap to39 = PhoneBridge.dictionaryToAcoustic(PhoneSet.TIMIT_39);
        assertEquals(Optional.of("aa"), to39.map("AO"));
        assertEquals(Optional.of("sh"), to39.map("ZH"));
        assertEquals(Optional.of("t"), to39.map("T"));
        for (String p : PhoneBridge.CMU_39.symbols()) {
            assertTrue(PhoneSet.TIMIT_61.contains(to48.map(p).orElseThrow()));
        }
        PhoneSet tooSmall = new PhoneSet("small", List.of("aa", "b"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PhoneBridge.dictionaryToAcoustic(tooSmall))
                .getMessage().contains("no phone for AE AH"));

        PhoneMap back = PhoneBridge.acousticToDictionary(PhoneSet.TIMIT_61);
        assertEquals(Optional.of("AH"), back.map("ax"));
        assertEquals(Optional.of("ER"), back.map("axr"));
        assertEquals(Optional.of("T"), back.map("dx"));
        assertEquals(Optional.of("AO"), back.map("ao"));
        assertEquals(Optional.of("L"), back.map("el"));
        assertFalse(back.map("h#").isPresent());
        assertFalse(back.map("pau").isPresent());
        assertFalse(back.map("bcl").isPresent());
        assertFalse(back.map("q").isPresent());
        PhoneMap back39 = PhoneBridge.acousticToDictionary(PhoneSet.TIMIT_39);
        assertFalse(back39.map("sil").isPresent());
        assertEquals(Optional.of("SH"), back39.map("sh"));
    }
}
