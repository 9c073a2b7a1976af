package carousel.cli;

import carousel.io.Json;
import carousel.speech.corpus.CorpusStats;
import carousel.speech.corpus.Split;
import carousel.speech.corpus.TimitCorpus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code carousel corpus info}: what a TIMIT-layout corpus holds ({@link CorpusStats#report()}), for people or as JSON. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = {"Scans a TIMIT-layout corpus (every audio header and .PHN alignment) and prints",
                "utterances, speakers and hours per split, the phones with their counts, and",
                "every problem found. Exit status 1 when no utterance is usable.",
                "Example: carousel corpus info data/demo-corpus --json"})
public final class CorpusInfoCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PATH", description = "Corpus root (the directory holding TRAIN and/or TEST).")
    Path path;

    @Option(names = "--json", description = "Print the same as one JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        CorpusStats stats = TimitCorpus.open(path).statistics();
        System.out.print(json ? Json.write(toJson(stats)) + "\n" : stats.report());
        return stats.totalUtterances() > 0 ? 0 : 1;
    }

    /** The statistics as a JSON object (splits, totals, phones, problems). */
    static Map<String, Object> toJson(CorpusStats s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("root", s.root().toString());
        m.put("standard_sets", s.standardSets());
        Map<String, Object> splits = new LinkedHashMap<>();
        for (Split sp : Split.values()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("utterances", s.utterances().get(sp));
            one.put("speakers", s.speakers().get(sp));
            one.put("seconds", s.seconds().get(sp));
            splits.put(sp.directoryName(), one);
        }
        m.put("splits", splits);
        m.put("utterances", s.totalUtterances());
        m.put("speakers", s.totalSpeakers());
        m.put("hours", s.hours());
        m.put("phone_segments", s.totalPhones());
        m.put("phone_counts", s.phoneCounts());
        m.put("never_used", s.unusedInventory());
        m.put("attempted", s.attempted());
        m.put("problems", s.problems().stream().map(Object::toString).toList());
        return m;
    }
}
