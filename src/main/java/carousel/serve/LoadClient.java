package carousel.serve;

import carousel.io.Json;
import carousel.speech.audio.AudioReader;
import carousel.speech.audio.Waveform;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code serve-bench}'s load generator: N concurrent WebSocket streams against a running server, each sending
 * demo-corpus files one after another (a new connection per file, so streams join and leave all the time) in
 * chunks paced at {@code speed} × real time, until its time is up. Measures the time from sending each chunk to
 * receiving its partial (p50, p95), each stream's real-time factor (the server's {@code rtf} in its finals: CPU seconds
 * per second of audio), the server's CPU, memory and mean batch of streams per step (from {@code /metrics}), and checks each file's final words against the server's offline
 * recognition of the same file ({@code POST /transcribe}). Fault clients run beside the normal streams when asked:
 * {@link Fault}. Bounded: each stream stops starting files after {@code seconds}, and every wait has a timeout.
 */
public final class LoadClient {
    /** Misbehaving clients: drop the connection mid-utterance; send a malformed message; send 10× real time; never send eof. */
    public enum Fault { VANISH, GARBAGE, FAST, NO_EOF }

    /** What one run measured. */
    public record Report(int streams, int files, double audioSeconds, double wallSeconds, double rtfMean, double rtfMax,
                         double p50Ms, double p95Ms, double serverCpuCores, double serverRssMb, double meanBatch, int matched, int compared,
                         List<String> mismatches, List<String> faults, int streamsLeftOpen) {
        public String line() {
            return String.format(Locale.ROOT, "| %d | %d | %.0f | %.3f / %.3f | %.0f / %.0f | %.2f | %.0f | %.1f | %d / %d |",
                    streams, files, audioSeconds, rtfMean, rtfMax, p50Ms, p95Ms, serverCpuCores, serverRssMb, meanBatch, matched, compared);
        }
    }

    private record File(Path path, float[] samples, int rateHz, List<String> offline) {}

    private final URI http, ws;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final List<File> files = new ArrayList<>();
    private final ConcurrentLinkedQueue<Double> latencies = new ConcurrentLinkedQueue<>(), rtfs = new ConcurrentLinkedQueue<>();
    private final List<String> mismatches = Collections.synchronizedList(new ArrayList<>());
    private final List<String> faultResults = Collections.synchronizedList(new ArrayList<>());
    private final java.util.concurrent.atomic.DoubleAdder audioSent = new java.util.concurrent.atomic.DoubleAdder();
    private int matched, compared, filesDone;

    /**
     * @param base      the server, e.g. http://127.0.0.1:2700
     * @param wavs      the files to send (their offline words are asked of the server first)
     * @param maxFiles  at most this many distinct files are used
     */
    public LoadClient(URI base, List<Path> wavs, int maxFiles) throws IOException, InterruptedException {
        this.http = base;
        this.ws = URI.create(base.toString().replaceFirst("^http", "ws") + "/");
        for (Path p : wavs.subList(0, Math.min(maxFiles, wavs.size()))) {
            Waveform w = AudioReader.read(p);
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(http.resolve("/transcribe")).timeout(Duration.ofSeconds(120))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Files.readAllBytes(p))).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) throw new IOException(p + ": the server's /transcribe answered " + r.statusCode() + " " + r.body());
            String text = (String) Json.parseObject(r.body(), "transcribe").get("text");
            files.add(new File(p, w.samples(), w.sampleRateHz(), text.isEmpty() ? List.of() : Arrays.asList(text.split(" "))));
        }
        if (files.isEmpty()) throw new IllegalArgumentException("no audio files to send");
    }

    /** N streams for {@code seconds} each at {@code speed} × real time in chunks of {@code chunkMs}, with the fault clients beside them. */
    public Report run(int streams, double seconds, double speed, int chunkMs, List<Fault> faults) throws Exception {
        Map<String, Double> before = metrics();
        long t0 = System.nanoTime();
        double[] rssMax = {0};
        Thread sampler = Thread.ofVirtual().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    rssMax[0] = Math.max(rssMax[0], metrics().getOrDefault("process_resident_memory_bytes", 0.0));
                    Thread.sleep(1000);
                } catch (Exception e) {
                    return;
                }
            }
        });
        List<Thread> threads = new ArrayList<>();
        java.util.Random rnd = new java.util.Random(1);
        for (int s = 0; s < streams; s++) {
            int stream = s;
            long delay = (long) (rnd.nextDouble() * 1000);   // streams start spread over a second, as real users do
            threads.add(Thread.ofVirtual().start(() -> stream(stream, delay, seconds, speed, chunkMs)));
        }
        for (int f = 0; f < faults.size(); f++) {
            Fault fault = faults.get(f);
            File file = files.get(f % files.size());
            threads.add(Thread.ofVirtual().start(() -> fault(fault, file, chunkMs)));
        }
        for (Thread t : threads) t.join();
        double wall = (System.nanoTime() - t0) * 1e-9;
        sampler.interrupt();
        Map<String, Double> after = metrics();
        for (int i = 0; i < 100 && after.getOrDefault("carousel_serve_streams", 0.0) > 0; i++) {
            Thread.sleep(50);
            after = metrics();
        }
        double cpu = after.getOrDefault("process_cpu_seconds_total", 0.0) - before.getOrDefault("process_cpu_seconds_total", 0.0);
        List<Double> lat = new ArrayList<>(latencies);
        Collections.sort(lat);
        List<Double> r = new ArrayList<>(rtfs);
        return new Report(streams, filesDone, audioSent.sum(), wall, r.stream().mapToDouble(Double::doubleValue).average().orElse(0),
                r.stream().mapToDouble(Double::doubleValue).max().orElse(0), quantile(lat, 0.5) * 1000, quantile(lat, 0.95) * 1000,
                cpu / wall, Math.max(rssMax[0], after.getOrDefault("process_resident_memory_bytes", 0.0)) / (1 << 20),
                delta(after, before, "carousel_serve_frames_total") / Math.max(1, delta(after, before, "carousel_serve_steps_total")),
                matched, compared, List.copyOf(mismatches), List.copyOf(faultResults), (int) Math.round(after.getOrDefault("carousel_serve_streams", 0.0)));
    }

    private static double delta(Map<String, Double> after, Map<String, Double> before, String name) {
        return after.getOrDefault(name, 0.0) - before.getOrDefault(name, 0.0);
    }

    private static double quantile(List<Double> sorted, double q) {
        return sorted.isEmpty() ? Double.NaN : sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(q * sorted.size())));
    }

    private void stream(int stream, long delayMs, double seconds, double speed, int chunkMs) {
        try {
            Thread.sleep(delayMs);
            long end = System.nanoTime() + (long) (seconds * 1e9);
            for (int k = 0; System.nanoTime() < end; k++) {
                File f = files.get((stream + k * 7) % files.size());
                Session s = new Session();
                s.config(f.rateHz());
                s.send(f.samples(), f.rateHz(), speed, chunkMs, f.samples().length);
                s.text("{\"eof\": 1}");
                String closed = s.closed.get(120, TimeUnit.SECONDS);
                List<String> got = s.finalWords();
                synchronized (this) {
                    filesDone++;
                    compared++;
                    if (got.equals(f.offline())) matched++;
                    else mismatches.add(f.path() + ": streamed " + got + ", offline " + f.offline());
                    if (!closed.startsWith("1000")) mismatches.add(f.path() + ": closed " + closed);
                }
                latencies.addAll(s.latencies);
                if (!Double.isNaN(s.rtf)) rtfs.add(s.rtf);
            }
        } catch (Exception e) {
            mismatches.add("stream " + stream + " failed: " + e);
        }
    }

    private void fault(Fault fault, File f, int chunkMs) {
        try {
            Session s = new Session();
            s.config(f.rateHz());
            switch (fault) {
                case VANISH -> {
                    s.send(f.samples(), f.rateHz(), 1, chunkMs, f.samples().length / 2);
                    s.socket.abort();
                    faultResults.add("vanish: the connection dropped mid-utterance after " + s.chunks + " chunks");
                    return;
                }
                case GARBAGE -> s.text("{\"garbage\": [1, 2");
                case FAST -> {
                    s.send(f.samples(), f.rateHz(), 10, chunkMs, f.samples().length);
                    s.text("{\"eof\": 1}");
                }
                case NO_EOF -> s.send(f.samples(), f.rateHz(), 1, chunkMs, f.samples().length);
            }
            String closed = s.closed.get(180, TimeUnit.SECONDS);
            String words = fault == Fault.FAST ? "; words " + (s.finalWords().equals(f.offline()) ? "equal" : "differ from") + " offline" : "";
            faultResults.add(fault.name().toLowerCase(Locale.ROOT) + ": closed " + closed + " after " + s.received.size() + " replies" + words);
        } catch (Exception e) {
            faultResults.add(fault.name().toLowerCase(Locale.ROOT) + ": " + e);
        }
    }

    /** The server's metrics, name (with labels) to value. */
    public Map<String, Double> metrics() throws IOException, InterruptedException {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(http.resolve("/metrics")).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        Map<String, Double> m = new java.util.HashMap<>();
        for (String line : r.body().split("\n")) {
            if (line.startsWith("#") || line.isBlank()) continue;
            int sp = line.lastIndexOf(' ');
            m.put(line.substring(0, sp), Double.parseDouble(line.substring(sp + 1)));
        }
        return m;
    }

    /** One connection: sends paced audio and pairs each partial with its chunk's send time. */
    private final class Session {
        final SocketClient socket;
        final ConcurrentLinkedQueue<Long> sentAt = new ConcurrentLinkedQueue<>();
        final List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        final CompletableFuture<String> closed;
        final List<String> received;
        volatile double rtf = Double.NaN;
        int chunks;

        Session() throws Exception {
            socket = new SocketClient(client, ws, this::reply);
            closed = socket.closed;
            received = socket.replies;
        }

        private void reply(String r) {
            if (r.startsWith("{\"partial\"")) {
                Long t = sentAt.poll();
                if (t != null) latencies.add((System.nanoTime() - t) * 1e-9);
            } else {
                int i = r.lastIndexOf("\"rtf\":");
                if (i >= 0) rtf = Double.parseDouble(r.substring(i + 6, r.indexOf('}', i)).trim());
            }
        }

        void config(int rate) throws Exception {
            text("{\"config\": {\"sample_rate\": " + rate + ", \"words\": true}}");
        }

        void text(String s) throws Exception {
            socket.text(s);
        }

        void send(float[] x, int rate, double speed, int chunkMs, int upTo) throws Exception {
            int n = Math.max(1, rate * chunkMs / 1000);
            long start = System.nanoTime();
            for (int i = 0; i < upTo && !closed.isDone(); i += n) {
                int m = Math.min(n, upTo - i);
                byte[] b = SocketClient.pcm(x, i, i + m);
                sentAt.add(System.nanoTime());
                socket.bytes(b);
                chunks++;
                audioSent.add(m / (double) rate);
                long wait = start + (long) ((i + m) / (double) rate / speed * 1e9) - System.nanoTime();
                if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
        }

        List<String> finalWords() {
            return socket.finalWords();
        }
    }
}
