package carousel.speech.kaldi;

import carousel.io.FormatException;
import carousel.io.TextLines;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Kaldi's line-per-key text files ({@code wav.scp}, {@code text}, {@code utt2spk}, {@code spk2utt},
 * {@code segments}, {@code .scp}): each non-blank line is a key, whitespace, and the rest of the line.
 * UTF-8; trailing whitespace (including a CR) is dropped; a repeated key is an error naming both lines.
 */
final class KaldiTableFile {

    /** One line: its 1-based number, the key and the rest of the line (may be empty). */
    record Line(int number, String key, String value) {
    }

    private KaldiTableFile() {
    }

    static List<Line> read(Path file) throws IOException {
        List<Line> lines = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        try (TextLines r = TextLines.open(file, StandardCharsets.UTF_8, "Kaldi table")) {
            for (String text = readLine(r, file); text != null; text = readLine(r, file)) {
                int n = r.lineNumber();
                String t = text.strip();
                if (t.isEmpty()) {
                    continue;
                }
                int sp = 0;
                while (sp < t.length() && !Character.isWhitespace(t.charAt(sp))) {
                    sp++;
                }
                String key = t.substring(0, sp);
                String value = t.substring(sp).strip();
                for (int i = 0; i < key.length(); i++) {
                    if (Character.isISOControl(key.charAt(i))) {
                        throw KaldiFormatException.atLine(file, n, null, "key contains a control character");
                    }
                }
                Integer before = seen.putIfAbsent(key, n);
                if (before != null) {
                    throw KaldiFormatException.atLine(file, n, key, "key appears twice (first on line " + before + ")");
                }
                lines.add(new Line(n, key, value));
            }
        }
        return lines;
    }

    private static String readLine(TextLines r, Path file) throws IOException {
        try {
            return r.next();
        } catch (FormatException e) {
            throw KaldiFormatException.atLine(file, e.line(), null, e.problem());
        }
    }

    /** Writes {@code key value} lines ({@code key} alone when the value is empty). */
    static void write(Path file, Iterable<Map.Entry<String, String>> lines) throws IOException {
        try (var w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (Map.Entry<String, String> e : lines) {
                w.write(e.getKey());
                if (!e.getValue().isEmpty()) {
                    w.write(' ');
                    w.write(e.getValue());
                }
                w.write('\n');
            }
        }
    }
}
