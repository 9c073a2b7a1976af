package carousel.cli;

import carousel.serve.LoadClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code carousel serve-bench}: load on a running {@code serve} ({@link LoadClient}). */
@Command(name = "serve-bench", mixinStandardHelpOptions = true,
        description = {"Loads a running 'carousel serve' with N concurrent WebSocket streams on loopback, each sending demo-corpus files",
                "one after another (a connection per file) paced at --speed x real time, for --seconds. Prints per run: files, seconds",
                "of audio, per-stream real-time factor (mean / max of the server's rtf: CPU seconds per audio second), p50 / p95 ms from",
                "sending a chunk to its partial, the server's CPU (cores busy, from its /metrics), resident memory and mean streams per",
                "batch step, and how many files'",
                "final words equal the server's offline recognition (POST /transcribe) of the same file. --faults adds misbehaving",
                "clients beside the streams: vanish (drops mid-utterance), garbage (a malformed message), fast (10x real time),",
                "no-eof (never ends; closed by the server's idle timeout).",
                "Example: carousel serve-bench --url http://127.0.0.1:2700 --streams 1,8,32 --seconds 20"})
public final class ServeBenchCommand implements Callable<Integer> {
    @Option(names = "--url", defaultValue = "http://127.0.0.1:2700", description = "The server (default ${DEFAULT-VALUE}).") URI url;
    @Option(names = "--streams", defaultValue = "1,8", split = ",", description = "Concurrent streams, one run per value (default ${DEFAULT-VALUE}; at most 512).") List<Integer> streams;
    @Option(names = "--seconds", defaultValue = "20", description = "Each stream starts files for this long (default ${DEFAULT-VALUE}; at most 600).") double seconds;
    @Option(names = "--speed", defaultValue = "1", description = "Audio sent at this many times real time (default ${DEFAULT-VALUE}).") double speed;
    @Option(names = "--chunk-ms", defaultValue = "100", description = "Milliseconds of audio per chunk (default ${DEFAULT-VALUE}).") int chunkMs;
    @Option(names = "--corpus", defaultValue = "data/demo-corpus/TEST", description = "Directory of WAV files to send (default ${DEFAULT-VALUE}).") Path corpus;
    @Option(names = "--files", defaultValue = "24", description = "Distinct files used at most (default ${DEFAULT-VALUE}).") int maxFiles;
    @Option(names = "--faults", split = ",", description = "Fault clients to run beside each run's streams: vanish, garbage, fast, no-eof.") List<String> faults = List.of();

    @Override
    public Integer call() throws Exception {
        for (int n : streams) if (n < 1 || n > 512) throw new IllegalArgumentException("--streams must be 1..512, got " + n);
        if (!(seconds > 0 && seconds <= 600)) throw new IllegalArgumentException("--seconds must be in (0, 600], got " + seconds);
        if (!(speed > 0 && speed <= 100)) throw new IllegalArgumentException("--speed must be in (0, 100], got " + speed);
        if (chunkMs < 10 || chunkMs > 5000) throw new IllegalArgumentException("--chunk-ms must be 10..5000, got " + chunkMs);
        List<LoadClient.Fault> faultList = new ArrayList<>();
        for (String f : faults) faultList.add(LoadClient.Fault.valueOf(f.trim().toUpperCase(Locale.ROOT).replace('-', '_')));
        List<Path> wavs = TranscribeCommand.audioFiles(List.of(corpus));
        System.err.printf(Locale.ROOT, "serve-bench: asking %s for the offline words of %d files%n", url, Math.min(maxFiles, wavs.size()));
        LoadClient client = new LoadClient(url, wavs, maxFiles);
        System.out.println(LoadClient.Report.HEADER);
        for (int n : streams) {
            String loadBefore = loadAverage();
            LoadClient.Report r = client.run(n, seconds, speed, chunkMs, faultList);
            System.out.println(r.line());
            System.err.printf(Locale.ROOT, "serve-bench: %d streams, %.0f s wall; load average before %s, after %s; %d streams still open at the server%n",
                    n, r.wallSeconds(), loadBefore, loadAverage(), r.streamsLeftOpen());
            for (String m : r.mismatches()) System.err.println("serve-bench: mismatch: " + m);
            for (String f : r.faults()) System.err.println("serve-bench: fault " + f);
        }
        return 0;
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
