package carousel.cli;

import carousel.io.Json;
import carousel.progress.ProgressBar;
import carousel.speech.audio.AudioReader;
import carousel.speech.audio.SampleSource;
import carousel.speech.audio.Waveform;
import carousel.speech.recognize.StreamingRecognizer;
import carousel.speech.recognize.WordRecognizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/** {@code carousel transcribe}: words of audio files with an acoustic model, a pronouncing dictionary and an n-gram LM. */
@Command(name = "transcribe", mixinStandardHelpOptions = true,
        description = {"Recognises the words of audio files (WAV or NIST SPHERE, any sample rate: resampled to the model's) with an",
                "acoustic model from train-am, a pronouncing dictionary (CMU Sphinx or Kaldi format) and an ARPA n-gram LM:",
                "one-pass search over the dictionary's prefix tree with the LM's states (carousel.speech.decode.WordDecoder).",
                "Directories are searched for .wav/.WAV/.sph files; files are decoded in parallel. Prints one line per file",
                "(file, then the words), or JSON (--json: text, per-word start/end in seconds and confidence, --max-alternatives),",
                "or CTM (--ctm), or SubRip subtitles (--srt).",
                "Example: carousel transcribe --model runs/demo/model --lexicon lexicon.dict --lm lm.arpa data/demo-corpus/TEST/DR3/MBLS0/SX128.WAV"})
public final class TranscribeCommand implements Callable<Integer> {
    @Mixin WordModelOptions model;
    @Option(names = "--jobs", defaultValue = "0", description = "Files decoded at once (default: all cores).") int jobs;
    @Option(names = "--json", description = "One JSON object per file: {\"file\", \"text\", \"result\": [{\"word\", \"start\", \"end\"}]}.") boolean json;
    @Option(names = "--ctm", description = "CTM lines: file channel start duration word confidence.") boolean ctm;
    @Option(names = "--srt", description = "SubRip subtitles: a cue per pause-separated phrase of at most 10 words.") boolean srt;
    @Option(names = "--max-alternatives", defaultValue = "0", description = "With --json: the n best word sequences from the word lattice (default ${DEFAULT-VALUE}).") int alternatives;
    @Option(names = "--streaming", description = "Feed each file in 0.1 s chunks through the live recognizer (StreamingRecognizer), printing partial"
            + " results to standard error as they change and one line per utterance at each endpoint.") boolean streaming;
    @Option(names = "--endpoint-silence", defaultValue = "1.0", description = "With --streaming: an utterance ends after this many seconds of silence"
            + " after a word (Kaldi's endpoint rule 3; default ${DEFAULT-VALUE}).") double endpointSilence;
    @Option(names = "--endpoint-no-speech", defaultValue = "5.0", description = "With --streaming: ... or after this many seconds of silence with no word"
            + " yet (rule 1; default ${DEFAULT-VALUE}).") double endpointNoSpeech;
    @Option(names = "--endpoint-max", defaultValue = "20.0", description = "With --streaming: ... or after this many seconds in all (rule 5; default ${DEFAULT-VALUE}).") double endpointMax;
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Audio files or directories.") List<Path> inputs;

    @Override
    public Integer call() throws Exception {
        if ((json ? 1 : 0) + (ctm ? 1 : 0) + (srt ? 1 : 0) > 1) throw new IllegalArgumentException("--json, --ctm and --srt exclude each other");
        if (alternatives < 0) throw new IllegalArgumentException("--max-alternatives must be >= 0");
        if (alternatives > 0 && !json) throw new IllegalArgumentException("--max-alternatives goes with --json");
        if (alternatives > 0 && streaming) throw new IllegalArgumentException("--max-alternatives is for whole files; the live recognizer's API has setMaxAlternatives");
        StreamingRecognizer.Endpointing endpointing = new StreamingRecognizer.Endpointing(endpointSilence, endpointNoSpeech, endpointMax);
        List<Path> files = audioFiles(inputs);   // cheap checks before loading anything large
        model.lmFile();
        PrintStream err = System.err;
        WordRecognizer rec = model.load("transcribe", streaming, false);
        int threads = Math.max(1, Math.min(files.size(), jobs > 0 ? jobs : Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        double audio = 0, decode = 0;
        try {
            List<Future<WordRecognizer.Result>> results = new ArrayList<>();
            for (Path f : files) results.add(pool.submit(() -> streaming ? recognizeStreaming(rec, f, endpointing) : recognize(rec, f, alternatives)));
            // streaming prints partial results to standard error as they come: no bar there
            try (ProgressBar bar = ProgressBar.start(streaming || files.size() < 2 ? null : err, "transcribe", files.size(), "files")) {
                for (int i = 0; i < files.size(); i++) {
                    WordRecognizer.Result r = results.get(i).get();   // a task's failure reaches Main's one error path, unwrapped there
                    audio += r.audioSeconds();
                    decode += r.seconds();
                    Path file = files.get(i);
                    bar.above(() -> print(file, r));
                    bar.update(i + 1, String.format(Locale.ROOT, "%.0f s of audio", audio));
                }
            }
        } finally {
            pool.shutdownNow();
        }
        err.printf(Locale.ROOT, "transcribe: done %d of %d files, %.1f s of audio, real-time factor %.3f (network and search, per thread)%n",
                files.size(), files.size(), audio, audio > 0 ? decode / audio : 0);
        return 0;
    }

    static WordRecognizer.Result recognize(WordRecognizer rec, Path file, int alternatives) throws IOException {
        Waveform w = AudioReader.read(file);
        checkNotSilent(file, w.samples(), w.numSamples());
        return rec.recognize(w, alternatives);
    }

    /**
     * A file fed in 0.1 s chunks through a {@link StreamingRecognizer}, partial results on standard error as they
     * change; the utterances' words joined. At the model's sample rate the file is read a chunk at a time
     * ({@link SampleSource}), so an hour of audio takes no more memory than a minute; at another rate it is
     * read whole and resampled once, up front.
     */
    static WordRecognizer.Result recognizeStreaming(WordRecognizer rec, Path file, StreamingRecognizer.Endpointing endpointing) throws IOException {
        StreamingRecognizer s = new StreamingRecognizer(rec, endpointing);
        boolean heard = false;   // a sample unlike the first one
        float first = 0;
        int chunk = s.sampleRateHz() / 10;
        List<WordRecognizer.Word> words = new ArrayList<>();
        String[] shown = {""};
        long length;
        try (SampleSource source = SampleSource.open(file, -1)) {
            if (source.sampleRateHz() == s.sampleRateHz()) {
                length = source.length();
                float[] buffer = new float[chunk];
                for (long i = 0; i < length; i += chunk) {
                    int n = (int) Math.min(chunk, length - i);
                    if (n < chunk) buffer = new float[n];
                    source.read(i, buffer);
                    if (i == 0) first = buffer[0];
                    heard |= !silent(buffer, n, first);
                    feed(s, file, buffer, n, words, shown);
                }
            } else {
                float[] x = AudioReader.read(file).checkSampleRate(s.sampleRateHz(), true).samples();
                checkNotSilent(file, x, x.length);
                heard = true;
                length = x.length;
                for (int i = 0; i < x.length; i += chunk) {
                    int n = Math.min(chunk, x.length - i);
                    feed(s, file, java.util.Arrays.copyOfRange(x, i, i + n), n, words, shown);
                }
            }
        }
        if (!heard) checkNotSilent(file, new float[]{first}, (int) Math.min(Integer.MAX_VALUE, length));
        WordRecognizer.Result last = s.finalResult();
        words.addAll(last.words());
        return new WordRecognizer.Result(words, last.score(), last.reachedEnd(), length / (double) s.sampleRateHz(), s.processingSeconds(), List.of());
    }

    /** Refuses digital silence (every sample the same value, or none): there is nothing to recognise. */
    static void checkNotSilent(Path file, float[] x, int n) {
        if (n == 0) throw new IllegalArgumentException(file + ": no samples");
        if (silent(x, Math.min(n, x.length), x[0])) throw new IllegalArgumentException(file + ": silent (every one of its " + n + " samples is " + x[0] + ")");
    }

    private static boolean silent(float[] x, int n, float value) {
        for (int i = 0; i < n; i++) if (x[i] != value) return false;
        return true;
    }

    private static void feed(StreamingRecognizer s, Path file, float[] samples, int n, List<WordRecognizer.Word> words, String[] shown) {
        if (s.acceptWaveform(samples, n)) {
            words.addAll(s.result().words());
            System.err.println(file + " [endpoint] " + s.result().text());
            shown[0] = "";
        } else {
            String partial = s.partialResult().text();
            if (!partial.equals(shown[0])) System.err.println(file + " [partial] " + (shown[0] = partial));
        }
    }

    private void print(Path file, WordRecognizer.Result r) {
        if (json) {
            var m = new java.util.LinkedHashMap<String, Object>();
            m.put("file", file.toString());
            m.putAll(r.toJson());
            System.out.println(Json.writeCompact(m));
        } else if (ctm) {
            String id = file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
            for (WordRecognizer.Word w : r.words())
                System.out.printf(Locale.ROOT, "%s 1 %.2f %.2f %s %.2f%n", id, w.startSeconds(), w.endSeconds() - w.startSeconds(), w.word(),
                        Double.isNaN(w.confidence()) ? 1.0 : w.confidence());
        } else if (srt) {
            System.out.print(srt(r.words()));
        } else {
            System.out.println(file + " " + r.text());
        }
    }

    /** SubRip cues: words grouped into phrases at pauses of 0.5 s or more, at most 10 words a cue; numbered from 1. */
    static String srt(List<WordRecognizer.Word> words) {
        StringBuilder b = new StringBuilder();
        int cue = 0;
        for (int i = 0; i < words.size(); ) {
            int j = i + 1;
            while (j < words.size() && j - i < 10 && words.get(j).startSeconds() - words.get(j - 1).endSeconds() < 0.5) j++;
            b.append(++cue).append('\n').append(srtTime(words.get(i).startSeconds())).append(" --> ").append(srtTime(words.get(j - 1).endSeconds())).append('\n');
            for (int k = i; k < j; k++) b.append(k > i ? " " : "").append(words.get(k).word());
            b.append("\n\n");
            i = j;
        }
        return b.toString();
    }

    private static String srtTime(double seconds) {
        long ms = Math.round(seconds * 1000);
        return String.format(Locale.ROOT, "%02d:%02d:%02d,%03d", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
    }

    /** The files named, and the audio files under the directories named, in a stable order. */
    static List<Path> audioFiles(List<Path> inputs) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path p : inputs) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    s.filter(Files::isRegularFile).filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.(wav|sph)"))
                            .sorted().forEach(files::add);
                }
            } else if (Files.isRegularFile(p)) {
                files.add(p);
            } else {
                throw new NoSuchFileException(p.toString(), null, "no such audio file or directory");
            }
        }
        if (files.isEmpty()) throw new IllegalArgumentException("no audio files (.wav, .sph) in " + inputs);
        return files;
    }
}
