package carousel.speech.recognize;

import carousel.speech.am.AcousticModel;
import carousel.speech.decode.HmmTopology;
import carousel.speech.decode.WordDecoderOptions;
import carousel.speech.lexicon.Lexicon;
import carousel.speech.lexicon.LexiconFormat;
import carousel.speech.lexicon.PhoneBridge;
import carousel.speech.lm.NgramLm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Phone recognition with the word recognizer's machinery, for an acoustic model served without a dictionary or
 * LM: each of the 39 CMU phones is a "word" (spelled in lower case) pronounced as itself, under a uniform unigram
 * LM, so the word search becomes a free phone loop and every word-level feature (streaming, endpoints, times,
 * confidences) carries over. The dictionary and the ARPA file are written as text and read by the ordinary
 * readers ({@link Lexicon#read}, {@link NgramLm#read}), so nothing about them is special.
 */
public final class PhoneLoop {
    private PhoneLoop() {}

    /**
     * The LM weight a phone loop wants with the word search's acoustic scale (0.1): at 1.0 the uniform phone
     * probability (1/40 a phone) outweighs the acoustics and phones are deleted (11 phones out for the 28 of the
     * demo sentence SX128), at 0.1 fewer are (18 out, most of them right: "dh ao f ah b iy s iy eh t dh ah f aa dh
     * er sh ao" for "dh ah w ao r f k uh d b iy s iy n ae t dh ah f aa r dh er sh ao r").
     */
    public static final double LM_WEIGHT = 0.1;

    /** A recognizer whose words are the model's phones as the CMU set names them. */
    public static WordRecognizer recognizer(AcousticModel am, HmmTopology topology, double acousticScale, WordDecoderOptions options) throws IOException {
        Path dir = Files.createTempDirectory("carousel-phone-loop");
        try {
            StringBuilder dict = new StringBuilder(), arpa = new StringBuilder();
            int n = PhoneBridge.CMU_39.size();
            arpa.append("\\data\\\nngram 1=").append(n + 2).append("\n\n\\1-grams:\n");
            arpa.append("-99\t<s>\n").append(String.format(Locale.ROOT, "%.6f\t</s>%n", -Math.log10(n + 1)));
            for (String p : PhoneBridge.CMU_39.symbols()) {
                dict.append(p.toLowerCase(Locale.ROOT)).append(' ').append(p).append('\n');
                arpa.append(String.format(Locale.ROOT, "%.6f\t%s%n", -Math.log10(n + 1), p.toLowerCase(Locale.ROOT)));
            }
            arpa.append("\n\\end\\\n");
            Path d = Files.writeString(dir.resolve("phones.dict"), dict), a = Files.writeString(dir.resolve("phones.arpa"), arpa);
            return new WordRecognizer(am, Lexicon.read(d, LexiconFormat.CMU, PhoneBridge.CMU_39), NgramLm.read(a), topology, acousticScale, options);
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        }
    }
}
