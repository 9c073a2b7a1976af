package carousel.serve;

import carousel.io.Json;
import carousel.model.StreamingModel;
import carousel.speech.audio.AudioFormatException;
import carousel.speech.audio.AudioReader;
import carousel.speech.recognize.Recognizer;
import carousel.speech.recognize.StreamingRecognizer;
import carousel.speech.recognize.WordRecognizer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The recognition server: Jetty on one port, a WebSocket at any path ({@link Protocol}), and
 * {@code GET /} (the browser page), {@code POST /transcribe} (a WAV or SPHERE body, any rate, recognised whole:
 * the recognizer's JSON), {@code GET /health} and {@code GET /metrics} ({@link ServerMetrics}). Streams are stepped
 * together by one {@link BatchScheduler}. {@link #close} shuts down gracefully: no new streams, the utterances in
 * flight finished and their finals sent, then the connections closed with {@link Protocol#GOING_AWAY}.
 */
public final class RecognitionServer implements AutoCloseable {
    /** The largest body {@code POST /transcribe} takes (64 MiB, 35 minutes of 16 kHz 16-bit audio). */
    public static final int MAX_UPLOAD_BYTES = 64 << 20;

    private final WordRecognizer recognizer;
    private final StreamingRecognizer.Endpointing endpointing;
    private final ServeLimits limits;
    private final Consumer<String> log;
    private final ServerMetrics metrics;
    private final BatchScheduler scheduler;
    private final Server jetty;
    private final ServerConnector connector;
    private final Set<SocketSession> sessions = ConcurrentHashMap.newKeySet();
    private final AtomicLong ids = new AtomicLong();
    private final int modelRateHz;
    private volatile boolean draining;

    /**
     * Starts a server on {@code host:port} (port 0: any free port, see {@link #port}).
     *
     * @throws IllegalArgumentException when the acoustic model cannot stream (bidirectional, stacked frames,
     *                                  per-utterance CMVN) or is not an LSTM (the batch step is the LSTM's)
     */
    public RecognitionServer(WordRecognizer recognizer, StreamingRecognizer.Endpointing endpointing, ServeLimits limits,
                             String host, int port, Consumer<String> log) throws Exception {
        this.recognizer = recognizer;
        this.endpointing = endpointing;
        this.limits = limits;
        this.log = log;
        Recognizer.checkStreaming(recognizer.model(), StreamingModel.Weights.F32);
        StreamingModel batch = recognizer.streamingModel();   // the snapshot every stream of this recognizer shares
        if (batch == null)
            throw new IllegalArgumentException("serve steps the streams as one batch through an LSTM; this model is a "
                    + recognizer.model().network().config().cell() + " network (transcribe --streaming decodes it one file at a time)");
        this.modelRateHz = recognizer.model().config().features().sampleRateHz();
        this.metrics = new ServerMetrics(recognizer.frameShiftSeconds());
        this.scheduler = new BatchScheduler(batch, limits.workers(), metrics);
        metrics.waitingStreams(scheduler::readyStreams);
        QueuedThreadPool threads = new QueuedThreadPool(Math.max(16, 2 * limits.workers() + 8));
        threads.setName("serve-http");
        threads.setDaemon(true);
        this.jetty = new Server(threads);
        this.connector = new ServerConnector(jetty);
        connector.setHost(host);
        connector.setPort(port);
        jetty.addConnector(connector);
        WebSocketUpgradeHandler ws = WebSocketUpgradeHandler.from(jetty, container -> {
            container.setMaxTextMessageSize(limits.maxMessageBytes());
            container.setMaxBinaryMessageSize(limits.maxMessageBytes());
            container.setIdleTimeout(Duration.ofMillis((long) (limits.idleSeconds() * 1000)));
            container.setMaxOutgoingFrames(4096);
            container.addMapping("/", (req, resp, cb) -> new SocketSession(this, ids.incrementAndGet()));
        });
        ws.setHandler(new Pages());
        jetty.setHandler(ws);
        jetty.setStopTimeout(2000);
        jetty.start();
        log.accept("serve: listening on http://" + host + ":" + port() + "/ (WebSocket at ws://" + host + ":" + port() + "/), model rate "
                + modelRateHz + " Hz, " + limits.workers() + " search workers, at most " + limits.maxStreams() + " streams");
    }

    /** The port it listens on. */
    public int port() { return connector.getLocalPort(); }

    public ServerMetrics metrics() { return metrics; }

    int modelRateHz() { return modelRateHz; }

    Protocol.Config defaultConfig() { return new Protocol.Config(modelRateHz, true, 0); }

    void log(String line) { log.accept(line); }

    /** Null when the connection may open a stream, else why not. */
    synchronized String admit(SocketSession s) {
        if (draining) return "server shutting down";
        if (sessions.size() >= limits.maxStreams()) return "server full: " + limits.maxStreams() + " streams";
        sessions.add(s);
        metrics.streamOpened();
        return null;
    }

    LiveStream newStream(long id, Protocol.Config config, SocketSession s) {
        LiveStream st = new LiveStream(id, new StreamingRecognizer(recognizer, endpointing), config, scheduler, metrics, limits, s,
                s::resumeReading, log);
        log.accept("stream " + id + " opened: " + config.sampleRateHz() + " Hz" + (config.sampleRateHz() != modelRateHz ? " (resampled to " + modelRateHz + ")" : ""));
        return st;
    }

    void closed(SocketSession s, int code) {
        sessions.remove(s);
        metrics.closed(code);
    }

    void releasedWithoutStream(long id, String why) {
        metrics.streamClosed(0);
        log.accept("stream " + id + " closed (" + why + ") before any audio");
    }

    /**
     * Graceful shutdown: new connections are refused, each stream's queued audio and current utterance are
     * finished and its final sent before it is closed with {@link Protocol#GOING_AWAY}; after
     * {@link ServeLimits#shutdownSeconds} the rest are cut.
     */
    @Override
    public void close() throws Exception {
        synchronized (this) {
            if (draining) return;
            draining = true;
        }
        int n = sessions.size();
        log.accept("serve: shutting down, finishing " + n + " streams");
        for (SocketSession s : sessions) s.shutdown();
        long deadline = System.nanoTime() + (long) (limits.shutdownSeconds() * 1e9);
        while (metrics.liveStreams() > 0 && System.nanoTime() < deadline) Thread.sleep(20);
        if (metrics.liveStreams() > 0) log.accept("serve: " + metrics.liveStreams() + " streams still open after " + limits.shutdownSeconds() + " s; closing them");
        Thread.sleep(100);   // let the last close frames go out
        jetty.stop();
        scheduler.close();
        log.accept("serve: stopped");
    }

    /** Blocks until the server has stopped. */
    public void join() throws InterruptedException {
        jetty.join();
    }

    /** The plain HTTP paths. */
    private final class Pages extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            String path = Request.getPathInContext(request);
            String method = request.getMethod();
            switch (path) {
                case "/", "/index.html" -> resource(response, callback, "index.html", "text/html; charset=utf-8");
                case "/pcm-worklet.js" -> resource(response, callback, "pcm-worklet.js", "text/javascript; charset=utf-8");
                case "/health" -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("status", draining ? "shutting down" : "ok");
                    m.put("streams", metrics.liveStreams());
                    m.put("max_streams", limits.maxStreams());
                    m.put("sample_rate", modelRateHz);
                    reply(response, callback, draining ? 503 : 200, "application/json", Json.writeCompact(m));
                }
                case "/metrics" -> reply(response, callback, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.text());
                case "/transcribe" -> {
                    if (!method.equals("POST")) reply(response, callback, 405, "application/json", error("POST a WAV file to /transcribe"));
                    else transcribe(request, response, callback);
                }
                default -> reply(response, callback, 404, "application/json", error("no such path: " + path));
            }
            return true;
        }
    }

    private void transcribe(Request request, Response response, Callback callback) throws IOException {
        long length = request.getLength();
        if (length > MAX_UPLOAD_BYTES) {
            reply(response, callback, 413, "application/json", error("the body has " + length + " bytes, over the limit of " + MAX_UPLOAD_BYTES));
            return;
        }
        byte[] body;
        try (InputStream in = Content.Source.asInputStream(request)) {
            body = in.readNBytes(MAX_UPLOAD_BYTES + 1);
        }
        if (body.length > MAX_UPLOAD_BYTES) {
            reply(response, callback, 413, "application/json", error("the body is over the limit of " + MAX_UPLOAD_BYTES + " bytes"));
            return;
        }
        try {
            WordRecognizer.Result r = recognizer.recognize(AudioReader.read(body, "request body"), 0);
            metrics.transcribed();
            Map<String, Object> m = r.toJson();
            m.put("duration", Math.round(r.audioSeconds() * 1000) / 1000.0);
            m.put("rtf", Math.round(r.seconds() / Math.max(1e-9, r.audioSeconds()) * 1e4) / 1e4);
            reply(response, callback, 200, "application/json", Json.writeCompact(m));
        } catch (AudioFormatException | IllegalArgumentException e) {
            reply(response, callback, 400, "application/json", error(e.getMessage()));
        }
    }

    private static String error(String message) {
        return Json.writeCompact(Map.of("error", message));
    }

    private static void reply(Response response, Callback callback, int status, String type, String body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        Content.Sink.write(response, true, body, callback);
    }

    private static void resource(Response response, Callback callback, String name, String type) throws IOException {
        try (InputStream in = RecognitionServer.class.getResourceAsStream(name)) {
            if (in == null) {
                reply(response, callback, 404, "application/json", error("the page " + name + " is not in this build"));
                return;
            }
            byte[] b = in.readAllBytes();
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
            response.write(true, ByteBuffer.wrap(b), callback);
        }
    }

}
