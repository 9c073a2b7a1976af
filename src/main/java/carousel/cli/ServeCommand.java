package carousel.cli;

import carousel.serve.RecognitionServer;
import carousel.serve.ServeLimits;
import carousel.speech.recognize.StreamingRecognizer;
import carousel.speech.recognize.WordRecognizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code carousel serve}: the streaming recognition server ({@link RecognitionServer}). */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serves live word recognition over WebSocket in vosk-server's protocol: a {\"config\": {\"sample_rate\": 16000}}",
                "message, then 16-bit little-endian PCM chunks; a {\"partial\": ...} per chunk, a final result (words with times and",
                "confidences) at each endpoint and at {\"eof\": 1}. All live streams step through the acoustic model as one batch.",
                "Also GET / (a browser page: microphone or WAV file), POST /transcribe (a WAV body), GET /health, GET /metrics",
                "(Prometheus). Close codes: 1000 after eof, 1001 shutdown or idle, 1003 bad message, 1008 over --max-stream-seconds,",
                "1009 over --max-message-bytes, 1011 recognition failed, 1013 over --max-streams. Ctrl-C shuts down gracefully",
                "(finishing the utterances in flight). Without a dictionary or LM (none given, none beside the model) the \"words\"",
                "are phones (a free loop of the 39 CMU phones). The search is narrower than transcribe's by default (--beam "
                        + WordSearchOptions.SERVE_BEAM + " --max-active " + WordSearchOptions.SERVE_MAX_ACTIVE + "; transcribe: "
                        + WordSearchOptions.BEAM + " and " + WordSearchOptions.MAX_ACTIVE + "), for its cost per stream.",
                "Example: carousel serve --model models/harvard-lstmp --port 2700"})
public final class ServeCommand implements Callable<Integer> {
    @Mixin WordModelOptions model;
    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default ${DEFAULT-VALUE}; 0.0.0.0: every interface).") String host;
    @Option(names = "--port", defaultValue = "2700", description = "Port (default ${DEFAULT-VALUE}, vosk-server's; 0: any free port).") int port;
    @Option(names = "--max-streams", defaultValue = "256", description = "Live streams at most (default ${DEFAULT-VALUE}).") int maxStreams;
    @Option(names = "--max-message-bytes", defaultValue = "1048576", description = "Bytes in one WebSocket message at most (default ${DEFAULT-VALUE}).") int maxMessageBytes;
    @Option(names = "--max-utterance-seconds", defaultValue = "20", description = "An utterance is ended (a final result) after this long (default ${DEFAULT-VALUE}, Kaldi's).") double maxUtteranceSeconds;
    @Option(names = "--max-stream-seconds", defaultValue = "3600", description = "Seconds of audio in one stream at most (default ${DEFAULT-VALUE}).") double maxStreamSeconds;
    @Option(names = "--queue-seconds", defaultValue = "10", description = "Audio a stream may have waiting before the server stops reading from it (default ${DEFAULT-VALUE}).") double queueSeconds;
    @Option(names = "--idle-seconds", defaultValue = "60", description = "A connection silent this long is closed (default ${DEFAULT-VALUE}).") double idleSeconds;
    @Option(names = "--workers", defaultValue = "0", description = "Search threads (default: one per core).") int workers;
    @Option(names = "--lookahead-frames", defaultValue = "" + ServeLimits.LOOKAHEAD_FRAMES, description = "Network frames of a stream stepped ahead of its search in one scheduler turn (default ${DEFAULT-VALUE}; 1: each frame waits for the search of the one before; the results are the same).") int lookaheadFrames;
    @Option(names = "--shutdown-seconds", defaultValue = "30", description = "How long shutdown waits for the utterances in flight (default ${DEFAULT-VALUE}).") double shutdownSeconds;

    @Override
    public Integer call() throws Exception {
        // Jetty logs through SLF4J, and the jar binds no SLF4J backend (the Spark module's log4j must stay the
        // only one on its classpath): silence SLF4J's own "no providers" lines; serve prints its own log.
        if (System.getProperty("slf4j.internal.verbosity") == null) System.setProperty("slf4j.internal.verbosity", "ERROR");
        ServeLimits limits = new ServeLimits(maxStreams, maxMessageBytes, maxStreamSeconds, queueSeconds, idleSeconds,
                workers > 0 ? workers : Runtime.getRuntime().availableProcessors(), shutdownSeconds, lookaheadFrames);
        StreamingRecognizer.Endpointing endpointing = new StreamingRecognizer.Endpointing(
                StreamingRecognizer.Endpointing.DEFAULT.silenceAfterSpeechSeconds(), StreamingRecognizer.Endpointing.DEFAULT.silenceWithoutSpeechSeconds(), maxUtteranceSeconds);
        WordRecognizer rec = model.noWords() ? model.loadPhoneLoop("serve") : model.load("serve", true, true);
        RecognitionServer server = new RecognitionServer(rec, endpointing, limits, host, port, line -> System.err.println(line));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                System.err.println("serve: shutdown: " + e);
            }
            stopped.countDown();
        }, "serve-shutdown"));
        server.join();
        stopped.await();
        return 0;
    }
}
