package carousel.speech.score;

import carousel.io.TextLines;
import carousel.speech.corpus.PhoneAlignment;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Phone transcripts in Kaldi's {@code text} format: one utterance per line, {@code utt-id phone phone ...},
 * fields separated by whitespace, UTF-8. Blank lines are skipped; an id alone is an empty transcript; an
 * id twice is an error naming both lines. Also {@code utt2spk} files ({@code utt-id speaker}).
 */
public final class Transcripts {

    private Transcripts() {
    }

    /** The transcripts of {@code file} by utterance id, in file order. */
    public static Map<String, Transcript> read(Path file) throws IOException {
        Map<String, Transcript> out = new LinkedHashMap<>();
        try (TextLines r = TextLines.open(file, StandardCharsets.UTF_8, "transcript file")) {
            for (String raw = r.next(); raw != null; raw = r.next()) {
                int n = r.lineNumber();
                String t = raw.strip();
                if (t.isEmpty()) {
                    continue;
                }
                String[] f = t.split("\\s+");
                Transcript before = out.get(f[0]);
                if (before != null) {
                    throw new TranscriptFormatException(file, n, "utterance '" + f[0] + "' appears twice (first on line "
                            + before.line() + ")");
                }
                out.put(f[0], new Transcript(f[0], Arrays.asList(f).subList(1, f.length), file, n));
            }
        }
        return out;
    }

    /** Writes {@code utt-id phone phone ...} lines in the map's order. */
    public static void write(Path file, Map<String, List<String>> transcripts) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (Map.Entry<String, List<String>> e : transcripts.entrySet()) {
                w.write(e.getKey());
                for (String p : e.getValue()) {
                    w.write(' ');
                    w.write(p);
                }
                w.write('\n');
            }
        }
    }

    /** A reference from a {@code .PHN} alignment: its symbols as written (fold them when scoring). */
    public static Transcript fromAlignment(PhoneAlignment alignment) {
        return new Transcript(alignment.utteranceId(), alignment.phones(), alignment.source(), 0);
    }

    /**
     * An {@code utt2spk} file: {@code utt-id speaker} per line.
     *
     * @throws TranscriptFormatException for a line without exactly two fields or a repeated utterance
     */
    public static Map<String, String> readUtt2spk(Path file) throws IOException {
        Map<String, String> out = new HashMap<>();
        Map<String, Integer> lineOf = new HashMap<>();
        List<String> lines = TextLines.readAll(file, StandardCharsets.UTF_8, "utt2spk file");
        for (int i = 0; i < lines.size(); i++) {
            String t = lines.get(i).strip();
            if (t.isEmpty()) {
                continue;
            }
            String[] f = t.split("\\s+");
            if (f.length != 2) {
                throw new TranscriptFormatException(file, i + 1, "expected 'utterance speaker', got '" + t + "'");
            }
            Integer before = lineOf.putIfAbsent(f[0], i + 1);
            if (before != null) {
                throw new TranscriptFormatException(file, i + 1, "utterance '" + f[0] + "' appears twice (first on line "
                        + before + ")");
            }
            out.put(f[0], f[1]);
        }
        return out;
    }

    /**
     * The speaker of a TIMIT-style id {@code SPEAKER_SENTENCE} (Kaldi's convention that utterance ids
     * start with the speaker): the part before the first {@code _}, or the whole id when it has none.
     */
    public static String speakerOf(String uttId) {
        int u = uttId.indexOf('_');
        return u > 0 ? uttId.substring(0, u) : uttId;
    }
}
