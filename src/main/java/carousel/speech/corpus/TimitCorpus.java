package carousel.speech.corpus;

import carousel.io.FormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A corpus in TIMIT's directory layout, {@code ROOT/TRAIN|TEST/DR<n>/SPEAKER/SENTENCE.{WAV,PHN,WRD,TXT}}
 * (J. S. Garofolo et al., "TIMIT Acoustic-Phonetic Continuous Speech Corpus", LDC93S1, 1993), in upper
 * or lower case: both occur in real copies. Opening only lists files; {@link #scan} reads them.
 *
 * <p>Only files named {@code <letters/digits>.<ext>} with {@code ext} one of wav, phn, wrd, txt (any
 * case) are considered: converted copies that add e.g. {@code SA1.WAV.wav} beside {@code SA1.WAV} keep
 * working. An utterance needs a {@code .WAV} and a {@code .PHN}; a sentence with only one of them, a
 * badly named speaker directory, or a duplicate utterance id is recorded in {@link #layoutProblems()}.
 *
 * <p>Standard subsets: when all 24 core test and 50 development speakers of {@link TimitSpeakers} are in
 * {@code TEST}, the corpus is taken to be the real TIMIT and {@link #testSet()} / {@link #devSet()} are
 * the core test and development sets. Any other corpus (e.g. the synthetic demo corpus) has no such
 * lists: {@link #testSet()} is then all of {@code TEST} and {@link #devSet()} is empty;
 * {@link #standardSetsNote()} says which case applies.
 */
public final class TimitCorpus {

    private static final Pattern DIALECT = Pattern.compile("(?i)dr(\\d+)");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]+");
    private static final Pattern FILE = Pattern.compile("([A-Za-z0-9]+)\\.(?i)(wav|phn|wrd|txt)");

    private final Path root;
    private final SaSentences sa;
    private final List<Utterance> utterances;
    private final List<CorpusProblem> layoutProblems;
    private final boolean realTimit;

    private TimitCorpus(Path root, SaSentences sa, List<Utterance> utterances, List<CorpusProblem> layoutProblems) {
        this.root = root;
        this.sa = sa;
        this.utterances = List.copyOf(utterances);
        this.layoutProblems = List.copyOf(layoutProblems);
        Set<String> testSpeakers = speakers(Split.TEST);
        this.realTimit = testSpeakers.containsAll(TimitSpeakers.CORE_TEST) && testSpeakers.containsAll(TimitSpeakers.DEV);
    }

    /** Opens the corpus at {@code root} without the {@code SA} sentences. */
    public static TimitCorpus open(Path root) throws IOException {
        return open(root, SaSentences.EXCLUDE);
    }

    /**
     * Lists the utterances under {@code root}.
     *
     * @throws IOException when {@code root} has no {@code TRAIN} or {@code TEST} directory (the message
     *                     points at a nested copy if there is one) or cannot be listed
     */
    public static TimitCorpus open(Path root, SaSentences sa) throws IOException {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(sa, "sa");
        if (!Files.isDirectory(root)) {
            if (!Files.exists(root)) throw new java.nio.file.NoSuchFileException(root.toString(), null, "corpus root not found");
            throw new FormatException(root.toString(), "corpus root is not a directory");
        }
        Map<Split, List<Path>> splitDirs = new TreeMap<>();
        for (Path d : children(root)) {
            if (!Files.isDirectory(d)) {
                continue;
            }
            for (Split s : Split.values()) {
                if (d.getFileName().toString().equalsIgnoreCase(s.directoryName())) {
                    splitDirs.computeIfAbsent(s, k -> new ArrayList<>()).add(d);
                }
            }
        }
        if (splitDirs.isEmpty()) {
            String problem = "has no TRAIN or TEST directory (expected ROOT/TRAIN/DR1/SPEAKER/SENTENCE.WAV)" + nestedHint(root);
            throw new FormatException("not a TIMIT-layout corpus: " + root + " " + problem, root.toString(), 0, problem);
        }
        List<Utterance> utts = new ArrayList<>();
        List<CorpusProblem> problems = new ArrayList<>();
        for (Map.Entry<Split, List<Path>> e : splitDirs.entrySet()) {
            for (Path splitDir : e.getValue()) {
                for (Path drDir : children(splitDir)) {
                    Matcher m = DIALECT.matcher(drDir.getFileName().toString());
                    if (!Files.isDirectory(drDir) || !m.matches()) {
                        continue;
                    }
                    int dr = Integer.parseInt(m.group(1));
                    for (Path spkDir : children(drDir)) {
                        if (!Files.isDirectory(spkDir)) {
                            continue;
                        }
                        String name = spkDir.getFileName().toString();
                        if (!NAME.matcher(name).matches()) {
                            problems.add(CorpusProblem.of("", spkDir,
                                    "speaker directory name is not letters and digits only; skipped"));
                            continue;
                        }
                        speakerUtterances(spkDir, name.toUpperCase(Locale.ROOT), dr, e.getKey(), sa, utts, problems);
                    }
                }
            }
        }
        List<Utterance> unique = new ArrayList<>();
        Map<String, Utterance> byId = new HashMap<>();
        utts.sort(Comparator.comparing(Utterance::split).thenComparing(Utterance::id));
        for (Utterance u : utts) {
            Utterance before = byId.putIfAbsent(u.id(), u);
            if (before != null) {
                problems.add(CorpusProblem.of(u.id(), u.wav(), "duplicate utterance id (also " + before.wav() + "); skipped"));
            } else {
                unique.add(u);
            }
        }
        return new TimitCorpus(root, sa, unique, problems);
    }

    private static void speakerUtterances(Path dir, String speaker, int dr, Split split, SaSentences sa,
                                          List<Utterance> out, List<CorpusProblem> problems) throws IOException {
        // sentence -> extension (lower case) -> files with that extension (two if both SX1.WAV and sx1.wav)
        Map<String, Map<String, List<Path>>> files = new TreeMap<>();
        for (Path f : children(dir)) {
            Matcher m = FILE.matcher(f.getFileName().toString());
            if (!m.matches() || !Files.isRegularFile(f)) {
                continue;
            }
            files.computeIfAbsent(m.group(1).toUpperCase(Locale.ROOT), k -> new TreeMap<>())
                    .computeIfAbsent(m.group(2).toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(f);
        }
        for (Map.Entry<String, Map<String, List<Path>>> e : files.entrySet()) {
            String sentence = e.getKey();
            if (sa == SaSentences.EXCLUDE && sentence.startsWith("SA")) {
                continue;
            }
            String id = speaker + "_" + sentence;
            Map<String, List<Path>> byExt = e.getValue();
            Path any = byExt.values().iterator().next().getFirst();
            Optional<String> twice = byExt.entrySet().stream().filter(x -> x.getValue().size() > 1)
                    .map(Map.Entry::getKey).findFirst();
            if (twice.isPresent()) {
                problems.add(CorpusProblem.of(id, any, "two ." + twice.get().toUpperCase(Locale.ROOT)
                        + " files differing only in case: " + byExt.get(twice.get()) + "; skipped"));
                continue;
            }
            if (!byExt.containsKey("wav") || !byExt.containsKey("phn")) {
                problems.add(CorpusProblem.of(id, any, "incomplete utterance: has "
                        + byExt.keySet().stream().map(x -> "." + x.toUpperCase(Locale.ROOT)).toList()
                        + ", needs both .WAV and .PHN; skipped"));
                continue;
            }
            out.add(new Utterance(id, speaker, sentence, dr, split, byExt.get("wav").getFirst(),
                    byExt.get("phn").getFirst(), first(byExt.get("wrd")), first(byExt.get("txt"))));
        }
    }

    private static Optional<Path> first(List<Path> paths) {
        return paths == null ? Optional.empty() : Optional.of(paths.getFirst());
    }

    private static List<Path> children(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    private static String nestedHint(Path root) throws IOException {
        for (Path d : children(root)) {
            if (!Files.isDirectory(d)) {
                continue;
            }
            for (Path dd : children(d)) {
                String n = dd.getFileName().toString();
                if (Files.isDirectory(dd) && (n.equalsIgnoreCase("TRAIN") || n.equalsIgnoreCase("TEST"))) {
                    return "; found " + dd + ": pass " + d + " as the corpus root";
                }
            }
        }
        return "";
    }

    /** The directory the corpus was opened from. */
    public Path root() {
        return root;
    }

    /** Whether {@code SA} sentences are included. */
    public SaSentences saSentences() {
        return sa;
    }

    /** All utterances, {@code TRAIN} first, then by id. */
    public List<Utterance> utterances() {
        return utterances;
    }

    /** The utterances of one split, by id. */
    public List<Utterance> utterances(Split split) {
        return utterances.stream().filter(u -> u.split() == split).toList();
    }

    /** The speakers of one split, sorted. */
    public Set<String> speakers(Split split) {
        Set<String> s = new TreeSet<>();
        for (Utterance u : utterances) {
            if (u.split() == split) {
                s.add(u.speaker());
            }
        }
        return s;
    }

    /** What was wrong with the layout: incomplete or duplicate utterances, unusable directory names. */
    public List<CorpusProblem> layoutProblems() {
        return layoutProblems;
    }

    /** Whether all 74 standard core test and development speakers are present under {@code TEST}. */
    public boolean isRealTimit() {
        return realTimit;
    }

    /** Real TIMIT: the 24-speaker core test set. Otherwise: all of {@code TEST}. */
    public List<Utterance> testSet() {
        if (!realTimit) {
            return utterances(Split.TEST);
        }
        return bySpeakers(TimitSpeakers.CORE_TEST);
    }

    /** Real TIMIT: the 50-speaker development set. Otherwise: empty (hold out training speakers instead). */
    public List<Utterance> devSet() {
        if (!realTimit) {
            return List.of();
        }
        return bySpeakers(TimitSpeakers.DEV);
    }

    private List<Utterance> bySpeakers(Set<String> speakers) {
        return utterances.stream().filter(u -> u.split() == Split.TEST && speakers.contains(u.speaker())).toList();
    }

    /** One sentence saying which test and development sets apply and why. */
    public String standardSetsNote() {
        if (realTimit) {
            return "real TIMIT (all 24 core test and 50 development speakers found): test set = core test set ("
                    + testSet().size() + " utterances), dev set = 50 speakers (" + devSet().size() + " utterances)";
        }
        Set<String> present = new HashSet<>(speakers(Split.TEST));
        present.retainAll(TimitSpeakers.CORE_TEST);
        return "not the real TIMIT (" + present.size() + " of the 24 core test speakers present): no standard lists;"
                + " test set = all " + speakers(Split.TEST).size() + " TEST speakers (" + testSet().size()
                + " utterances), no dev set";
    }

    /** {@link #scan(ScanOptions)} with {@link ScanOptions#DEFAULT}. */
    public CorpusScan scan() {
        return scan(ScanOptions.DEFAULT);
    }

    /**
     * Reads every utterance's audio header and alignment and checks them: the audio is at the expected
     * rate and mono, the {@code .PHN} parses, covers the audio (see {@link PhoneAlignment#coverAudio})
     * and uses only phones of {@code options.inventory()}. Problems are collected, not thrown, so that a
     * command can go on and report {@code done N of M}; I/O errors of single files become problems too.
     */
    public CorpusScan scan(ScanOptions options) {
        Objects.requireNonNull(options, "options");
        List<ScannedUtterance> good = new ArrayList<>();
        List<CorpusProblem> problems = new ArrayList<>(layoutProblems);
        for (Utterance u : utterances) {
            try {
                good.add(check(u, options));
            } catch (CorpusFormatException e) {
                problems.add(e.corpusProblem());
            } catch (IOException e) {
                problems.add(CorpusProblem.of(u.id(), null, "cannot read: " + e));
            }
        }
        int incomplete = (int) layoutProblems.stream().filter(CorpusProblem::isAboutUtterance).count();
        return new CorpusScan(good, problems, utterances.size() + incomplete);
    }

    private static ScannedUtterance check(Utterance u, ScanOptions options) throws IOException {
        AudioHeader audio = AudioHeader.read(u.wav(), u.id());
        if (audio.sampleRateHz() != options.sampleRateHz()) {
            throw new CorpusFormatException(u.id(), u.wav(), 0, "sample rate is " + audio.sampleRateHz()
                    + " Hz, expected " + options.sampleRateHz() + " Hz");
        }
        if (audio.channels() != 1) {
            throw new CorpusFormatException(u.id(), u.wav(), 0, "audio has " + audio.channels() + " channels, expected 1");
        }
        PhoneAlignment a = PhoneAlignment.read(u.phn(), u.id())
                .coverAudio(audio.numSamples(), options.maxUncoveredTailSamples());
        PhoneSet inventory = options.inventory();
        for (PhoneSegment s : a.segments()) {
            if (!inventory.contains(s.phone())) {
                throw new CorpusFormatException(u.id(), u.phn(), s.line(), "unknown phone '" + s.phone()
                        + "' (not in " + inventory.name() + ", " + inventory.size() + " phones)");
            }
        }
        return new ScannedUtterance(u, audio.sampleRateHz(), audio.numSamples(), a);
    }

    /** {@link CorpusStats} of a default {@link #scan()}. */
    public CorpusStats statistics() {
        return CorpusStats.of(this, scan());
    }

    @Override
    public String toString() {
        return "TimitCorpus " + root + " (" + utterances.size() + " utterances, SA " + sa.name().toLowerCase(Locale.ROOT) + "d)";
    }
}
