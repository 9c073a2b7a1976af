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
 * per second of audio), the server's CPU, memory and mean batch of streams per step (from {@code /metrics}), its own CPU, and checks each file's final words against the server's offline
 * recognition of the same file ({@code POST /transcribe}). Fault clients run beside the normal streams when asked:
 * {@link Fault}. Bounded: each stream stops starting files after {@code seconds}, and every wait has a timeout.
 */
public final class LoadClient {
    /** Misbehaving clients: drop the connection mid-utterance; send a malformed message; send 10× real time; never send eof. */
    public enum Fault { VANISH, GARBAGE, FAST, NO_EOF }

    /** What one run measured. */
    public record Report(int streams, int files, double audioSeconds, double wallSeconds, double rtfMean, double rtfMax,
                         double p50Ms, double p95Ms, double serverCpuCores, double serverRssMb, double meanBatch, int matched, int compared,
                         List<String> mismatches, List<String> faults, int streamsLeftOpen, double clientCpuCores) {
        /** The column names of {@link #line()}, a Markdown table's header and rule. */
        public static final String HEADER = "| streams | files | audio s | per-stream RTF mean / max | partial latency p50 / p95 ms | server CPU cores"
                + " | server RSS MB | streams per step | final words = offline | client CPU cores |\n|---|---|---|---|---|---|---|---|---|---|";

        public String line() {
            return String.format(Locale.ROOT, "| %d | %d | %.0f | %.3f / %.3f | %.0f / %.0f | %.2f | %.0f | %.1f | %d / %d | %.2f |",
                    streams, files, audioSeconds, rtfMean, rtfMax, p50Ms, p95Ms, serverCpuCores, serverRssMb, meanBatch, matched, compared, clientCpuCores);
        }
    }

    /** A file to send: its samples and, converted once, their 16-bit PCM bytes; its offline words. */
    private record File(Path path, float[] samples, byte[] pcm, int rateHz, List<String> offline) {}

    private final URI http, ws;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final List<File> files = new ArrayList<>();
    private final ConcurrentLinkedQueue<Double> rtfs = new ConcurrentLinkedQueue<>();
    private double[] latencies = new double[4096];   // seconds, every partial's; guarded by this
    private int numLatencies;
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
            files.add(new File(p, w.samples(), SocketClient.pcm(w.samples(), 0, w.samples().length), w.sampleRateHz(),
                    text.isEmpty() ? List.of() : Arrays.asList(text.split(" "))));
        }
        if (files.isEmpty()) throw new IllegalArgumentException("no audio files to send");
    }

    /** N streams for {@code seconds} each at {@code speed} × real time in chunks of {@code chunkMs}, with the fault clients beside them. */
    public Report run(int streams, double seconds, double speed, int chunkMs, List<Fault> faults) throws Exception {
        synchronized (this) {   // each run counts its own files, audio and latencies
            matched = compared = filesDone = numLatencies = 0;
            rtfs.clear();
            mismatches.clear();
            faultResults.clear();
            audioSent.reset();
        }
        Map<String, Double> before = metrics();
        long t0 = System.nanoTime(), cpu0 = processCpuNanos();
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
        double wall = (System.nanoTime() - t0) * 1e-9, clientCpu = (processCpuNanos() - cpu0) * 1e-9;
        sampler.interrupt();
        Map<String, Double> after = metrics();
        for (int i = 0; i < 100 && after.getOrDefault("carousel_serve_streams", 0.0) > 0; i++) {
            Thread.sleep(50);
            after = metrics();
        }
        double cpu = after.getOrDefault("process_cpu_seconds_total", 0.0) - before.getOrDefault("process_cpu_seconds_total", 0.0);
        double[] lat;
        synchronized (this) {
            lat = Arrays.copyOf(latencies, numLatencies);
            numLatencies = 0;
        }
        Arrays.sort(lat);
        List<Double> r = new ArrayList<>(rtfs);
        return new Report(streams, filesDone, audioSent.sum(), wall, r.stream().mapToDouble(Double::doubleValue).average().orElse(0),
                r.stream().mapToDouble(Double::doubleValue).max().orElse(0), quantile(lat, 0.5) * 1000, quantile(lat, 0.95) * 1000,
                cpu / wall, Math.max(rssMax[0], after.getOrDefault("process_resident_memory_bytes", 0.0)) / (1 << 20),
                delta(after, before, "carousel_serve_frames_total") / Math.max(1, delta(after, before, "carousel_serve_steps_total")),
                matched, compared, List.copyOf(mismatches), List.copyOf(faultResults), (int) Math.round(after.getOrDefault("carousel_serve_streams", 0.0)), clientCpu / wall);
    }

    /** This process's CPU time (the load client's own cost), 0 where the JVM does not say. */
    private static long processCpuNanos() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }

    private static double delta(Map<String, Double> after, Map<String, Double> before, String name) {
        return after.getOrDefault(name, 0.0) - before.getOrDefault(name, 0.0);
    }

    private static double quantile(double[] sorted, double q) {
        return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))];
    }

    private void stream(int stream, long delayMs, double seconds, double speed, int chunkMs) {
        try {
            Thread.sleep(delayMs);
            long end = System.nanoTime() + (long) (seconds * 1e9);
            for (int k = 0; System.nanoTime() < end; k++) {
                File f = files.get((stream + k * 7) % files.size());
                Session s = new Session();
                s.config(f.rateHz());
                s.send(f, speed, chunkMs, f.samples().length);
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
                synchronized (this) {
                    if (numLatencies + s.answered > latencies.length) latencies = Arrays.copyOf(latencies, 2 * (numLatencies + s.answered));
                    System.arraycopy(s.latencies, 0, latencies, numLatencies, s.answered);
                    numLatencies += s.answered;
                }
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
                    s.send(f, 1, chunkMs, f.samples().length / 2);
                    s.socket.abort();
                    faultResults.add("vanish: the connection dropped mid-utterance after " + s.chunks + " chunks");
                    return;
                }
                case GARBAGE -> s.text("{\"garbage\": [1, 2");
                case FAST -> {
                    s.send(f, 10, chunkMs, f.samples().length);
                    s.text("{\"eof\": 1}");
                }
                case NO_EOF -> s.send(f, 1, chunkMs, f.samples().length);
            }
            String closed = s.closed.get(180, TimeUnit.SECONDS);
            String words = fault == Fault.FAST ? "; words " + (s.finalWords().equals(f.offline()) ? "equal" : "differ from") + " offline" : "";
            faultResults.add(fault.name().toLowerCase(Locale.ROOT) + ": closed " + closed + " after " + (s.partials + s.received.size()) + " replies" + words);
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

    /**
     * One connection: sends paced audio and pairs each partial with its chunk's send time (the n-th partial answers
     * the n-th chunk). Light per message: the chunks are slices of the file's PCM bytes, send times and latencies go
     * into arrays (written by the sending thread and by the connection's listener, one message at a time), and only
     * the finals are kept as text.
     */
    private final class Session {
        final SocketClient socket;
        final CompletableFuture<String> closed;
        final List<String> received;
        long[] sentAt = new long[0];          // nanoTime each chunk was sent, by chunk number (sized by send)
        volatile int sent;                    // chunks sent: sentAt[0, sent) written before the count
        double[] latencies = new double[0];   // seconds from chunk to partial, by partial number
        int answered;                         // partials paired with their chunks (the listener's)
        int partials;                         // partials received
        volatile double rtf = Double.NaN;
        int chunks;

        Session() throws Exception {
            socket = new SocketClient(client, ws, this::reply, false);
            closed = socket.closed;
            received = socket.replies;
        }

        private void reply(String r) {
            if (r.startsWith(SocketClient.PARTIAL)) {
                partials++;
                int n = sent;
                if (answered < n) {
                    latencies[answered] = (System.nanoTime() - sentAt[answered]) * 1e-9;
                    answered++;
                }
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

        /** Samples [0, upTo) of {@code f} in chunks of {@code chunkMs}, paced at {@code speed} × real time. */
        void send(File f, double speed, int chunkMs, int upTo) throws Exception {
            int rate = f.rateHz();
            int n = Math.max(1, rate * chunkMs / 1000);
            latencies = new double[(upTo + n - 1) / n];
            sentAt = new long[latencies.length];   // before the count below is first written: the listener sees these arrays
            long start = System.nanoTime();
            for (int i = 0; i < upTo && !closed.isDone(); i += n) {
                int m = Math.min(n, upTo - i);
                sentAt[sent] = System.nanoTime();
                sent = sent + 1;
                socket.bytes(f.pcm(), 2 * i, 2 * m);
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
