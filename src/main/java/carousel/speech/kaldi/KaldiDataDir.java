package carousel.speech.kaldi;

import carousel.io.FormatException;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A Kaldi data directory (Kaldi documentation, "Data preparation"): {@code wav.scp} (recording →
 * audio file), {@code text} (utterance → transcript), {@code utt2spk} (utterance → speaker), the
 * derived {@code spk2utt}, and optionally {@code segments} (utterance → part of a recording; without
 * it every recording is one utterance).
 *
 * <p>Only plain paths are supported in {@code wav.scp}: an entry that is a piped command
 * ({@code sph2pipe -f wav X.WAV |}) gives "unsupported: wav.scp entry is a command". Maps are sorted in
 * Kaldi's order (C locale, i.e. by Unicode code point), which {@link #write} keeps.
 *
 * @param wavScp   recording id → audio file
 * @param text     utterance id → transcript (may be empty)
 * @param utt2spk  utterance id → speaker id
 * @param segments utterance id → segment; empty when recordings are utterances
 */
public record KaldiDataDir(SortedMap<String, Path> wavScp, SortedMap<String, String> text,
                           SortedMap<String, String> utt2spk, SortedMap<String, Segment> segments) {

    /** Kaldi's sort order ({@code LC_ALL=C sort}): by code point, which is UTF-8 byte order. */
    public static final Comparator<String> KALDI_ORDER = (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    };

    public KaldiDataDir {
        wavScp = sorted(wavScp, "wav.scp");
        text = sorted(text, "text");
        utt2spk = sorted(utt2spk, "utt2spk");
        segments = sorted(segments, "segments");
        utt2spk.values().forEach(Keys::check);
        for (Map.Entry<String, Segment> e : segments.entrySet()) {
            if (!wavScp.containsKey(e.getValue().recording())) {
                throw new IllegalArgumentException("segments: utterance '" + e.getKey() + "' is in recording '"
                        + e.getValue().recording() + "', which wav.scp does not list");
            }
        }
        Set<String> audio = segments.isEmpty() ? wavScp.keySet() : segments.keySet();
        sameKeys(utt2spk.keySet(), "utt2spk", audio, segments.isEmpty() ? "wav.scp" : "segments");
        sameKeys(utt2spk.keySet(), "utt2spk", text.keySet(), "text");
    }

    /** A data directory from any maps (copied and sorted); {@code segments} may be empty. */
    public static KaldiDataDir of(Map<String, Path> wavScp, Map<String, String> text, Map<String, String> utt2spk,
                                  Map<String, Segment> segments) {
        return new KaldiDataDir(sorted(wavScp, "wav.scp"), sorted(text, "text"), sorted(utt2spk, "utt2spk"),
                sorted(segments, "segments"));
    }

    private static <V> SortedMap<String, V> sorted(Map<String, V> m, String what) {
        if (m == null) {
            throw new IllegalArgumentException(what + " must not be null (use an empty map)");
        }
        TreeMap<String, V> t = new TreeMap<>(KALDI_ORDER);
        for (Map.Entry<String, V> e : m.entrySet()) {
            Keys.check(e.getKey());
            if (e.getValue() == null) {
                throw new IllegalArgumentException(what + ": no value for '" + e.getKey() + "'");
            }
            t.put(e.getKey(), e.getValue());
        }
        return Collections.unmodifiableSortedMap(t);
    }

    /** Both key sets equal, when both are non-empty; the message names the first difference. */
    private static void sameKeys(Set<String> a, String aName, Set<String> b, String bName) {
        if (a.isEmpty() || b.isEmpty()) {
            return;
        }
        for (String k : a) {
            if (!b.contains(k)) {
                throw new IllegalArgumentException(aName + " and " + bName + " list different utterances: '" + k
                        + "' is in " + aName + " but not in " + bName);
            }
        }
        for (String k : b) {
            if (!a.contains(k)) {
                throw new IllegalArgumentException(aName + " and " + bName + " list different utterances: '" + k
                        + "' is in " + bName + " but not in " + aName);
            }
        }
    }

    /** Speaker → its utterances (sorted), derived from {@link #utt2spk}. */
    public SortedMap<String, List<String>> spk2utt() {
        TreeMap<String, List<String>> m = new TreeMap<>(KALDI_ORDER);
        utt2spk.forEach((u, s) -> m.computeIfAbsent(s, k -> new ArrayList<>()).add(u));
        m.replaceAll((k, v) -> List.copyOf(v));
        return Collections.unmodifiableSortedMap(m);
    }

    /** The utterance ids: keys of {@code segments} if any, else of {@code wav.scp}, else of {@code utt2spk}. */
    public Set<String> utterances() {
        Set<String> u = !segments.isEmpty() ? segments.keySet() : !wavScp.isEmpty() ? wavScp.keySet() : utt2spk.keySet();
        return Collections.unmodifiableSet(new LinkedHashSet<>(u));
    }

    /**
     * Reads the data directory {@code dir}; each file is optional but at least one must exist. A
     * {@code spk2utt} file must agree with {@code utt2spk}.
     *
     * @throws KaldiFormatException naming the file and line of a malformed or unsupported entry, or the
     *                              inconsistency between files
     */
    public static KaldiDataDir read(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            if (!Files.exists(dir)) throw new java.nio.file.NoSuchFileException(dir.toString(), null, "data directory not found");
            throw new FormatException(dir.toString(), "not a directory");
        }
        List<String> present = new ArrayList<>();
        for (String f : List.of("wav.scp", "text", "utt2spk", "spk2utt", "segments")) {
            if (Files.exists(dir.resolve(f))) {
                present.add(f);
            }
        }
        if (present.isEmpty()) {
            String problem = "has none of wav.scp, text, utt2spk, spk2utt, segments";
            throw new FormatException("not a Kaldi data directory: " + dir + " " + problem, dir.toString(), 0, problem);
        }
        SortedMap<String, Path> wav = new TreeMap<>();
        for (KaldiTableFile.Line l : lines(dir, "wav.scp")) {
            wav.put(l.key(), wavPath(dir.resolve("wav.scp"), l));
        }
        SortedMap<String, String> text = new TreeMap<>();
        for (KaldiTableFile.Line l : lines(dir, "text")) {
            text.put(l.key(), l.value());
        }
        SortedMap<String, String> utt2spk = new TreeMap<>();
        for (KaldiTableFile.Line l : lines(dir, "utt2spk")) {
            String[] f = fields(l);
            if (f.length != 1) {
                throw KaldiFormatException.atLine(dir.resolve("utt2spk"), l.number(), l.key(),
                        "expected 'utterance speaker', got " + f.length + " fields after the utterance");
            }
            utt2spk.put(l.key(), f[0]);
        }
        SortedMap<String, Segment> segments = new TreeMap<>();
        for (KaldiTableFile.Line l : lines(dir, "segments")) {
            segments.put(l.key(), segment(dir.resolve("segments"), l));
        }
        KaldiDataDir d;
        try {
            d = new KaldiDataDir(wav, text, utt2spk, segments);
        } catch (IllegalArgumentException e) {
            throw KaldiFormatException.atLine(dir, 0, null, "inconsistent data directory: " + e.getMessage());
        }
        if (Files.exists(dir.resolve("spk2utt"))) {
            Map<String, Set<String>> fromFile = new TreeMap<>();
            for (KaldiTableFile.Line l : lines(dir, "spk2utt")) {
                String[] f = fields(l);
                if (f.length == 0) {
                    throw KaldiFormatException.atLine(dir.resolve("spk2utt"), l.number(), l.key(), "speaker has no utterances");
                }
                fromFile.put(l.key(), new TreeSet<>(List.of(f)));
            }
            Map<String, Set<String>> derived = new TreeMap<>();
            d.spk2utt().forEach((k, v) -> derived.put(k, new TreeSet<>(v)));
            if (!fromFile.equals(derived)) {
                throw KaldiFormatException.atLine(dir.resolve("spk2utt"), 0, null,
                        "spk2utt does not agree with utt2spk (regenerate it with utils/utt2spk_to_spk2utt.pl)");
            }
        }
        return d;
    }

    private static List<KaldiTableFile.Line> lines(Path dir, String name) throws IOException {
        Path f = dir.resolve(name);
        return Files.exists(f) ? KaldiTableFile.read(f) : List.of();
    }

    private static String[] fields(KaldiTableFile.Line l) {
        return l.value().isEmpty() ? new String[0] : l.value().split("\\s+");
    }

    private static Path wavPath(Path file, KaldiTableFile.Line l) throws KaldiFormatException {
        String v = l.value();
        if (v.isEmpty()) {
            throw KaldiFormatException.atLine(file, l.number(), l.key(), "no audio file after the recording id");
        }
        if (v.endsWith("|")) {
            throw KaldiFormatException.atLine(file, l.number(), l.key(), "unsupported: wav.scp entry is a command ('"
                    + v + "'); convert the audio to files and list their paths");
        }
        if (v.equals("-")) {
            throw KaldiFormatException.atLine(file, l.number(), l.key(), "unsupported: wav.scp entry reads standard input");
        }
        try {
            return Path.of(v);
        } catch (IllegalArgumentException e) {
            throw KaldiFormatException.atLine(file, l.number(), l.key(), "not a usable path: " + e.getMessage());
        }
    }

    private static Segment segment(Path file, KaldiTableFile.Line l) throws KaldiFormatException {
        String[] f = fields(l);
        if (f.length != 3) {
            throw KaldiFormatException.atLine(file, l.number(), l.key(), "expected 'utterance recording start end', got "
                    + f.length + " fields after the utterance");
        }
        try {
            return new Segment(f[0], Double.parseDouble(f[1]), Double.parseDouble(f[2]));
        } catch (IllegalArgumentException e) {
            throw KaldiFormatException.atLine(file, l.number(), l.key(), "bad segment: " + e.getMessage());
        }
    }

    /** Writes the non-empty files (and {@code spk2utt}) into {@code dir}, creating it if needed. */
    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        if (!wavScp.isEmpty()) {
            Map<String, String> m = new TreeMap<>(KALDI_ORDER);
            wavScp.forEach((k, v) -> m.put(k, v.toString()));
            KaldiTableFile.write(dir.resolve("wav.scp"), m.entrySet());
        }
        if (!text.isEmpty()) {
            KaldiTableFile.write(dir.resolve("text"), text.entrySet());
        }
        if (!utt2spk.isEmpty()) {
            KaldiTableFile.write(dir.resolve("utt2spk"), utt2spk.entrySet());
            Map<String, String> m = new TreeMap<>(KALDI_ORDER);
            spk2utt().forEach((k, v) -> m.put(k, String.join(" ", v)));
            KaldiTableFile.write(dir.resolve("spk2utt"), m.entrySet());
        }
        if (!segments.isEmpty()) {
            Map<String, String> m = new TreeMap<>(KALDI_ORDER);
            segments.forEach((k, s) -> m.put(k, s.recording() + " " + seconds(s.startSeconds()) + " " + seconds(s.endSeconds())));
            KaldiTableFile.write(dir.resolve("segments"), m.entrySet());
        }
    }

    private static String seconds(double s) {
        return BigDecimal.valueOf(s).stripTrailingZeros().toPlainString();
    }
}
