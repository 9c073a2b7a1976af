package carousel.speech.corpus;

import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A summary of a scanned corpus, for {@code carousel corpus info PATH}: how much speech, how many
 * speakers, which phones how often, and what was wrong. Counts cover the good utterances only.
 * {@link #report()} (also {@link #toString()}) prints it for people.
 *
 * @param root               the corpus root
 * @param standardSets       {@link TimitCorpus#standardSetsNote()}
 * @param utterances         good utterances per split
 * @param speakers           speakers with at least one good utterance, per split
 * @param seconds            audio duration of the good utterances, per split
 * @param phoneCounts        segments per phone symbol as written in the {@code .PHN} files
 * @param unusedInventory    symbols of the scan's phone inventory that never occur
 * @param attempted          utterances looked at ({@link CorpusScan#attempted()})
 * @param problems           what was wrong
 */
public record CorpusStats(Path root, String standardSets, Map<Split, Integer> utterances,
                          Map<Split, Integer> speakers, Map<Split, Double> seconds,
                          SortedMap<String, Long> phoneCounts, List<String> unusedInventory,
                          int attempted, List<CorpusProblem> problems) {

    public CorpusStats {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(standardSets, "standardSets");
        utterances = Map.copyOf(utterances);
        speakers = Map.copyOf(speakers);
        seconds = Map.copyOf(seconds);
        phoneCounts = Collections.unmodifiableSortedMap(new TreeMap<>(phoneCounts));
        unusedInventory = List.copyOf(unusedInventory);
        problems = List.copyOf(problems);
        for (Split s : Split.values()) {
            if (!utterances.containsKey(s) || !speakers.containsKey(s) || !seconds.containsKey(s)) {
                throw new IllegalArgumentException("counts must be given for both TRAIN and TEST");
            }
        }
    }

    /** Statistics of {@code scan}, a scan of {@code corpus} made with {@link ScanOptions#DEFAULT}'s inventory. */
    public static CorpusStats of(TimitCorpus corpus, CorpusScan scan) {
        return of(corpus, scan, ScanOptions.DEFAULT.inventory());
    }

    /** Statistics of {@code scan}; {@code inventory} is the phone set to report unused symbols of. */
    public static CorpusStats of(TimitCorpus corpus, CorpusScan scan, PhoneSet inventory) {
        Map<Split, Integer> utts = new EnumMap<>(Split.class);
        Map<Split, Double> secs = new EnumMap<>(Split.class);
        Map<Split, Set<String>> spk = new EnumMap<>(Split.class);
        for (Split s : Split.values()) {
            utts.put(s, 0);
            secs.put(s, 0.0);
            spk.put(s, new HashSet<>());
        }
        SortedMap<String, Long> phones = new TreeMap<>();
        for (ScannedUtterance g : scan.good()) {
            Split s = g.utterance().split();
            utts.merge(s, 1, Integer::sum);
            secs.merge(s, g.seconds(), Double::sum);
            spk.get(s).add(g.utterance().speaker());
            for (PhoneSegment seg : g.alignment().segments()) {
                phones.merge(seg.phone(), 1L, Long::sum);
            }
        }
        Map<Split, Integer> speakers = new EnumMap<>(Split.class);
        spk.forEach((k, v) -> speakers.put(k, v.size()));
        List<String> unused = inventory.symbols().stream().filter(p -> !phones.containsKey(p)).toList();
        return new CorpusStats(corpus.root(), corpus.standardSetsNote(), utts, speakers, secs, phones, unused,
                scan.attempted(), scan.problems());
    }

    /** Good utterances in both splits. */
    public int totalUtterances() {
        return utterances.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Speakers in both splits. */
    public int totalSpeakers() {
        return speakers.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Hours of audio in both splits. */
    public double hours() {
        return seconds.values().stream().mapToDouble(Double::doubleValue).sum() / 3600.0;
    }

    /** Phone segments in all good utterances. */
    public long totalPhones() {
        return phoneCounts.values().stream().mapToLong(Long::longValue).sum();
    }

    /** A multi-line report for people. */
    public String report() {
        StringBuilder s = new StringBuilder();
        s.append("corpus ").append(root).append('\n');
        s.append(String.format(Locale.ROOT, "%-6s %10s %9s %9s%n", "split", "utterances", "speakers", "hours"));
        for (Split sp : Split.values()) {
            s.append(String.format(Locale.ROOT, "%-6s %10d %9d %9.3f%n", sp, utterances.get(sp), speakers.get(sp),
                    seconds.get(sp) / 3600.0));
        }
        s.append(String.format(Locale.ROOT, "%-6s %10d %9d %9.3f%n", "total", totalUtterances(), totalSpeakers(), hours()));
        s.append(standardSets).append('\n');
        s.append("phones: ").append(phoneCounts.size()).append(" symbols, ").append(totalPhones()).append(" segments\n");
        int col = 0;
        for (Map.Entry<String, Long> e : phoneCounts.entrySet()) {
            s.append(String.format(Locale.ROOT, "  %-5s %7d", e.getKey(), e.getValue()));
            if (++col % 6 == 0) {
                s.append('\n');
            }
        }
        if (col % 6 != 0) {
            s.append('\n');
        }
        if (!unusedInventory.isEmpty()) {
            s.append("never used (").append(unusedInventory.size()).append("): ")
                    .append(String.join(" ", unusedInventory)).append('\n');
        }
        s.append("problems: ").append(problems.size()).append('\n');
        for (CorpusProblem p : problems) {
            s.append("  ").append(p).append('\n');
        }
        s.append("done ").append(totalUtterances()).append(" of ").append(attempted).append(" utterances\n");
        return s.toString();
    }

    @Override
    public String toString() {
        return report();
    }
}
