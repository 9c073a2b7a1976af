package carousel.speech.score;

import carousel.io.TextLines;
import carousel.speech.corpus.PhoneAlignment;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Phone transcripts in Kaldi's {@code text} format: one utterance per line, {@code utt-id phone phone ...},
 * fields separated by whitespace, UTF-8. Blank lines are skipped; an id alone is an empty transcript; an
 * id twice is an error naming both lines. Also {@code utt2spk} files ({@code utt-id speaker}) and NIST
 * sclite's {@code trn} files ({@code word word ... (spk-utt)}: the id in parentheses ends the line, the
 * speaker is the id up to its first {@code -}), which sclite reads with {@code -r ref.trn trn -h hyp.trn
 * trn -i rm}.
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

    /**
     * The transcripts of an sclite {@code trn} file, {@code word word ... (id)} per line, by id (the
     * whole text in parentheses), in file order. Blank lines are skipped.
     *
     * @throws TranscriptFormatException for a line without a final {@code (id)} or an id twice
     */
    public static Map<String, Transcript> readTrn(Path file) throws IOException {
        Map<String, Transcript> out = new LinkedHashMap<>();
        try (TextLines r = TextLines.open(file, StandardCharsets.UTF_8, "trn file")) {
            for (String raw = r.next(); raw != null; raw = r.next()) {
                int n = r.lineNumber();
                String t = raw.strip();
                if (t.isEmpty()) {
                    continue;
                }
                int open = t.lastIndexOf('(');
                if (!t.endsWith(")") || open < 0 || open == t.length() - 2) {
                    throw new TranscriptFormatException(file, n, "expected 'word ... (speaker-utterance)', got '" + t + "'");
                }
                String id = t.substring(open + 1, t.length() - 1).strip();
                String words = t.substring(0, open).strip();
                Transcript before = out.get(id);
                if (before != null) {
                    throw new TranscriptFormatException(file, n, "utterance '" + id + "' appears twice (first on line "
                            + before.line() + ")");
                }
                out.put(id, new Transcript(id, words.isEmpty() ? List.of() : Arrays.asList(words.split("\\s+")), file, n));
            }
        }
        return out;
    }

    /**
     * Writes an sclite {@code trn} file: {@code word word ... (id)} per utterance, the id being
     * {@link #trnId}, in the map's order.
     */
    public static void writeTrn(Path file, Map<String, List<String>> transcripts, Function<String, String> speakerOf)
            throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (Map.Entry<String, List<String>> e : transcripts.entrySet()) {
                for (String word : e.getValue()) {
                    w.write(word);
                    w.write(' ');
                }
                w.write("(" + trnId(e.getKey(), speakerOf.apply(e.getKey())) + ")\n");
            }
        }
    }

    /** The trn id of an utterance: the id itself when it starts with {@code speaker-}, else {@code speaker-id}. */
    public static String trnId(String uttId, String speaker) {
        return uttId.startsWith(speaker + "-") ? uttId : speaker + "-" + uttId;
    }

    /** The speaker of a trn id: the part before the first {@code -}, or the whole id when it has none. */
    public static String trnSpeakerOf(String id) {
        int d = id.indexOf('-');
        return d > 0 ? id.substring(0, d) : id;
    }

    /**
     * A word reference from a TIMIT {@code .WRD} file ({@code start end word} per line): its words.
     *
     * @throws TranscriptFormatException for a line without three fields
     */
    public static Transcript fromWordAlignment(Path wrd, String uttId) throws IOException {
        List<String> words = new ArrayList<>();
        try (TextLines r = TextLines.open(wrd, StandardCharsets.UTF_8, ".WRD file")) {
            for (String raw = r.next(); raw != null; raw = r.next()) {
                String t = raw.strip();
                if (t.isEmpty()) {
                    continue;
                }
                String[] f = t.split("\\s+");
                if (f.length != 3) {
                    throw new TranscriptFormatException(wrd, r.lineNumber(), "expected 'start end word', got '" + t + "'");
                }
                words.add(f[2]);
            }
        }
        return new Transcript(uttId, words, wrd, 0);
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
