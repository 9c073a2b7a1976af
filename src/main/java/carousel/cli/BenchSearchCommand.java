package carousel.cli;

import carousel.progress.CpuTime;
import carousel.speech.audio.AudioReader;
import carousel.speech.audio.Waveform;
import carousel.speech.decode.Decodable;
import carousel.speech.decode.WordDecodeResult;
import carousel.speech.decode.WordDecoder;
import carousel.speech.feature.FeatureMatrix;
import carousel.speech.recognize.WordRecognizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code carousel bench-search}: the word search alone ({@link WordDecoder}), timed in CPU seconds per second of
 * audio over log posteriors computed once up front, in rounds on one thread; each round prints a hash of every
 * result (words, times, scores, confidences, n-best), so two builds can be compared for speed and for identical
 * results at once.
 */
@Command(name = "bench-search", mixinStandardHelpOptions = true,
        description = {"Times the word search of 'transcribe' alone: the files' log posteriors are computed once, then every file is",
                "searched (and finished with --nbest alternatives) --rounds times on one thread. Prints per round the search's CPU",
                "seconds per audio second and a hash of all results (equal hashes: equal words, times, scores, confidences and",
                "alternatives). Pin it to one core (taskset -c 1) and alternate builds for A/B figures.",
                "Example: taskset -c 1 carousel bench-search --model models/harvard-lstmp --beam 12 --max-active 3000 data/demo-corpus/TEST"})
public final class BenchSearchCommand implements Callable<Integer> {
    @Mixin WordModelOptions model;
    @Option(names = "--rounds", defaultValue = "6", description = "Timed rounds over all files (default ${DEFAULT-VALUE}); the first ones warm the JIT up.") int rounds;
    @Option(names = "--nbest", defaultValue = "3", description = "Alternatives each search finishes with (default ${DEFAULT-VALUE}).") int nbest;
    @Option(names = "--interleave", defaultValue = "1", description = {"Searches run at once, taking turns as a server's streams do (default ${DEFAULT-VALUE}: one file after",
            "the other); each turn a search takes --frames-per-turn frames. The results are the same; the caches are not."}) int interleave;
    @Option(names = "--frames-per-turn", defaultValue = "1", description = "Frames each search takes per turn with --interleave (default ${DEFAULT-VALUE}).") int framesPerTurn;
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Audio files or directories.") List<Path> inputs;

    @Override
    public Integer call() throws Exception {
        if (rounds < 1 || rounds > 1000) throw new IllegalArgumentException("--rounds must be 1..1000, got " + rounds);
        if (interleave < 1 || interleave > 10_000) throw new IllegalArgumentException("--interleave must be 1..10000, got " + interleave);
        if (framesPerTurn < 1) throw new IllegalArgumentException("--frames-per-turn must be >= 1, got " + framesPerTurn);
        if (nbest < 0) throw new IllegalArgumentException("--nbest must be >= 0, got " + nbest);
        List<Path> files = TranscribeCommand.audioFiles(inputs);
        WordRecognizer rec = model.load("bench-search", false, false);
        List<float[][]> posteriors = new ArrayList<>();
        double audio = 0;
        for (Path f : files) {
            Waveform w = AudioReader.read(f);
            TranscribeCommand.checkNotSilent(f, w.samples(), w.numSamples());
            FeatureMatrix raw = rec.features(w);
            posteriors.add(rec.logPosteriors(raw));
            audio += raw.numFrames() * rec.frameShiftSeconds();
        }
        WordDecoder decoder = rec.decoder();
        for (int r = 0; r < rounds; r++) {
            StringBuilder all = new StringBuilder();
            long maxTokens = 0;
            long t0 = CpuTime.threadNanos();
            for (int g = 0; g < posteriors.size(); g += interleave) {   // a group of files searched at once, in turns
                int n = Math.min(interleave, posteriors.size() - g);
                WordDecoder.Search[] searches = new WordDecoder.Search[n];
                Decodable[] ds = new Decodable[n];
                for (int i = 0; i < n; i++) {
                    searches[i] = decoder.newSearch();
                    ds[i] = rec.likelihoods(posteriors.get(g + i));
                }
                for (int left = n; left > 0; ) {
                    left = 0;
                    for (int i = 0; i < n; i++) {
                        WordDecoder.Search s = searches[i];
                        for (int f = 0; f < framesPerTurn && s.framesDecoded() < ds[i].numFrames(); f++) s.acceptFrame(ds[i], s.framesDecoded());
                        if (s.framesDecoded() < ds[i].numFrames()) left++;
                    }
                }
                for (WordDecoder.Search s : searches) {
                    maxTokens += s.maxActiveTokens();
                    WordDecodeResult res = s.finish(nbest);
                    decoder.recycle(s);
                    all.append(res.words()).append(' ').append(res.score()).append(' ').append(res.numFrames()).append(res.reachedEnd());
                    for (WordDecodeResult.Alternative a : res.alternatives()) all.append(Arrays.toString(a.words())).append(a.score());
                    all.append('\n');
                }
            }
            long t1 = CpuTime.threadNanos();
            System.out.printf(Locale.ROOT, "round %d: %.4f search CPU s per audio s (%d files, %.1f s of audio), max tokens %d (summed over files), results hash %08x%n",
                    r + 1, (t1 - t0) * 1e-9 / audio, files.size(), audio, maxTokens, all.toString().hashCode());
        }
        return 0;
    }
}
