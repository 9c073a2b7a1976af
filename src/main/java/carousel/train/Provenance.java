package carousel.train;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * How a model was made, written beside it as {@code provenance.json} by the one epoch loop
 * ({@link EpochLoop}) each time it saves a best model and once more when the run ends: the command
 * line, seed, corpus path and counts (what the command knows, {@link Origin}; what the task counted,
 * {@link Data}), the Carousel version and the git commit the jar was built from ({@link #version()}),
 * the date, the training time and the final figures (epochs run, best epoch, its development loss and
 * accuracy, how the run ended).
 *
 * <p>A resumed run keeps the first command line and adds each later one under {@code "resumed"}.
 */
public final class Provenance {
    public static final String FILE = "provenance.json";
    /** The key, in {@code "corpus"}, of the held-out (development) speakers. */
    public static final String DEV_SPEAKERS = "development_speakers";
    private static final String UNKNOWN = "unknown";

    /**
     * What the command knows: its command line (program name first), the corpus it read (a path),
     * and the seed of every random draw.
     */
    public record Origin(List<String> command, String corpus, long seed) {
        public Origin {
            command = List.copyOf(command);
        }
    }

    /**
     * What the task counted: training and development sequences (utterances, sentences), the items
     * of the training part (frames, phones: {@code itemsName} as in {@link History.Names#items()}),
     * the hours of training audio (NaN: not audio), and the held-out speakers (null: not recorded).
     */
    public record Data(long trainSequences, long devSequences, long trainItems, String itemsName, double trainHours, List<String> devSpeakers) {
        public Data {
            devSpeakers = devSpeakers == null ? null : List.copyOf(devSpeakers);
        }

        public Data(long trainSequences, long devSequences, long trainItems, String itemsName, double trainHours) {
            this(trainSequences, devSequences, trainItems, itemsName, trainHours, null);
        }
    }

    private Provenance() {}

    /** {version, commit, dirty} of this build, from {@code carousel/carousel-version.properties}; "unknown" where the build did not know. */
    public static Map<String, Object> version() {
        Map<String, Object> m = new LinkedHashMap<>();
        Properties p = new Properties();
        try (InputStream in = Provenance.class.getResourceAsStream("/carousel/carousel-version.properties")) {
            if (in != null) p.load(in);
        } catch (IOException e) {
            p.clear();
        }
        m.put("version", known(p.getProperty("version")));
        m.put("commit", known(p.getProperty("commit")));
        String dirty = known(p.getProperty("dirty"));
        m.put("uncommitted_changes", dirty.equals(UNKNOWN) ? null : Boolean.valueOf(dirty));
        return m;
    }

    /** A filtered property, or "unknown" when missing or left unfiltered (a build outside git). */
    private static String known(String v) { return v == null || v.isBlank() || v.contains("${") ? UNKNOWN : v; }

    /**
     * Writes {@code dir/provenance.json} atomically. {@code history} holds the finished epochs so far,
     * {@code best} the one whose model dir holds; {@code ended}: how the run ended, or null while it goes on.
     */
    static void write(Path dir, Origin origin, List<String> resumed, Data data, List<History.Epoch> history, History.Epoch best,
                      History.Names names, String ended) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("carousel", version());
        m.put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        m.put("command", new ArrayList<Object>(origin.command()));
        if (!resumed.isEmpty()) m.put("resumed", new ArrayList<Object>(resumed));
        m.put("seed", origin.seed());
        m.put("java", System.getProperty("java.version"));
        Map<String, Object> corpus = new LinkedHashMap<>();
        corpus.put("path", origin.corpus());
        if (data != null) {
            corpus.put("training_sequences", data.trainSequences());
            corpus.put("development_sequences", data.devSequences());
            corpus.put("training_" + data.itemsName(), data.trainItems());
            if (!Double.isNaN(data.trainHours())) corpus.put("training_hours", data.trainHours());
            if (data.devSpeakers() != null) corpus.put(DEV_SPEAKERS, new ArrayList<Object>(data.devSpeakers()));
        }
        m.put("corpus", corpus);
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("epochs_run", (long) history.size());
        t.put("training_seconds", history.stream().mapToDouble(History.Epoch::seconds).sum());
        t.put("ended", ended);
        if (best != null) {
            t.put("best_epoch", (long) best.epoch());
            t.put("train_" + names.key(), best.trainLoss());
            t.put("dev_" + names.key(), best.devLoss());
            if (names.accuracyKey() != null) t.put(names.accuracyKey(), Double.isNaN(best.devAccuracy()) ? null : best.devAccuracy());
        }
        m.put("training", t);
        RunDirectory.writeJson(dir.resolve(FILE), m);
    }
}
