package carousel.speech.kaldi;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kaldi {@code .scp} index files ({@code key rxfilename} per line) and random access through them: a
 * value is read by opening its archive and seeking to the offset, as Kaldi's
 * {@code RandomAccessTableReader} does for {@code scp:} inputs.
 *
 * <p>Supported: {@code path} and {@code path:offset}. Not supported, with a clear error: piped commands
 * ({@code ... |}), standard input ({@code -}) and row/column ranges ({@code path:offset[0:9]}).
 */
public final class KaldiScp {

    private static final Pattern OFFSET = Pattern.compile("(.+):(\\d+)");

    private KaldiScp() {
    }

    /** The entries of {@code scp}, in file order; a repeated key is an error. */
    public static List<ScpEntry> read(Path scp) throws IOException {
        List<KaldiTableFile.Line> lines = KaldiTableFile.read(scp);
        List<ScpEntry> entries = new ArrayList<>(lines.size());
        for (KaldiTableFile.Line l : lines) {
            entries.add(parse(scp, l.number(), l.key(), l.value()));
        }
        return entries;
    }

    /** The entries of {@code scp} by key, in file order. */
    public static Map<String, ScpEntry> index(Path scp) throws IOException {
        Map<String, ScpEntry> m = new LinkedHashMap<>();
        for (ScpEntry e : read(scp)) {
            m.put(e.key(), e);
        }
        return m;
    }

    private static ScpEntry parse(Path scp, int line, String key, String target) throws KaldiFormatException {
        if (target.isEmpty()) {
            throw KaldiFormatException.atLine(scp, line, key, "no file after the key");
        }
        if (target.endsWith("|")) {
            throw KaldiFormatException.atLine(scp, line, key, "unsupported: scp entry is a command ('" + target + "')");
        }
        if (target.equals("-")) {
            throw KaldiFormatException.atLine(scp, line, key, "unsupported: scp entry reads standard input ('-')");
        }
        if (target.endsWith("]")) {
            throw KaldiFormatException.atLine(scp, line, key, "unsupported: row/column ranges in scp entries ('" + target + "')");
        }
        Matcher m = OFFSET.matcher(target);
        try {
            if (m.matches()) {
                return new ScpEntry(key, Path.of(m.group(1)), Long.parseLong(m.group(2)));
            }
            return new ScpEntry(key, Path.of(target), 0);
        } catch (NumberFormatException e) {
            throw KaldiFormatException.atLine(scp, line, key, "offset is not a valid number: '" + m.group(2) + "'");
        } catch (IllegalArgumentException e) { // InvalidPathException, or a key ScpEntry rejects
            throw KaldiFormatException.atLine(scp, line, key, "not a usable path or key: " + e.getMessage());
        }
    }

    /** Reads the float matrix an entry points at. */
    public static FloatMatrix readMatrix(ScpEntry entry) throws IOException {
        return ArkReader.readAt(entry.file(), entry.offset(), entry.key(), MatrixCodec.INSTANCE);
    }

    /** Reads the int32 vector an entry points at. */
    public static int[] readIntVector(ScpEntry entry) throws IOException {
        return ArkReader.readAt(entry.file(), entry.offset(), entry.key(), IntVectorCodec.INSTANCE);
    }
}
