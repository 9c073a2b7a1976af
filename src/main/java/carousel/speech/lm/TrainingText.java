package carousel.speech.lm;

import carousel.io.TextLines;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The sentences of a text file (one per line, words separated by spaces or tabs) as word ids, for
 * {@link WittenBellEstimator}: with a closed vocabulary the words of the text ({@code </s>}, {@code <s>},
 * then words in order of first appearance), or with a vocabulary file every other word mapped to
 * {@code <unk>}. Blank lines are skipped; {@code <s>} or {@code </s>} inside a line is an error naming
 * {@code file:line}, as is malformed UTF-8.
 */
public record TrainingText(Vocabulary vocabulary, List<int[]> sentences, long unknownTokens) {

    private static final Pattern SPACE = Pattern.compile("[ \t]+");

    /**
     * @param text      the sentences
     * @param vocabFile one word per line (the first field; blank lines skipped), or null for the text's words
     */
    public static TrainingText read(Path text, Path vocabFile) throws IOException {
        Vocabulary.Builder b = new Vocabulary.Builder(1 << 12);
        b.add(Vocabulary.EOS);
        b.add(Vocabulary.BOS);
        Vocabulary fixed = null;
        if (vocabFile != null) {
            b.add(Vocabulary.UNK);
            try (TextLines in = TextLines.open(vocabFile)) {
                while (in.advance()) {
                    String[] f = fields(in);
                    if (f.length > 0) {
                        b.add(f[0]);
                    }
                }
            }
            fixed = b.build();
        }
        List<int[]> sentences = new ArrayList<>();
        long unknown = 0;
        try (TextLines in = TextLines.open(text)) {
            while (in.advance()) {
                String[] f = fields(in);
                if (f.length == 0) {
                    continue;
                }
                int[] ids = new int[f.length];
                for (int i = 0; i < f.length; i++) {
                    if (f[i].equals(Vocabulary.BOS) || f[i].equals(Vocabulary.EOS)) {
                        throw new LmFormatException(text, in.lineNumber(), f[i] + " inside a sentence (the markers are added)");
                    }
                    if (fixed != null) {
                        ids[i] = fixed.idOrUnk(f[i]);
                        unknown += fixed.contains(f[i]) ? 0 : 1;
                    } else {
                        int id = b.id(f[i]);
                        ids[i] = id >= 0 ? id : b.add(f[i]);
                    }
                }
                sentences.add(ids);
            }
        }
        return new TrainingText(fixed != null ? fixed : b.build(), List.copyOf(sentences), unknown);
    }

    private static String[] fields(TextLines in) throws LmFormatException {
        String line = in.text();
        if (line == null) {
            throw new LmFormatException(in.file(), in.lineNumber(), "invalid UTF-8");
        }
        line = line.strip();
        return line.isEmpty() ? new String[0] : SPACE.split(line);
    }
}
