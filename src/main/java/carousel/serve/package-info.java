/**
 * {@code carousel serve}: a streaming speech recognition server in the shape of vosk-server's WebSocket protocol.
 *
 * <p>A client opens a WebSocket, sends a configuration message, then 16-bit little-endian PCM chunks of any size,
 * and gets a {@code {"partial": ...}} per chunk and a final result (the words with times and confidences) at each
 * endpoint and at {@code {"eof": 1}} ({@link Protocol} documents the messages and the close codes). Every live
 * stream is a {@link carousel.speech.recognize.StreamingRecognizer} stepped by its caller: one scheduler thread
 * ({@link BatchScheduler}) takes the next network input frames of every stream that has some (up to
 * {@link ServeLimits#lookaheadFrames}, stepped ahead of the stream's search) and steps them through the LSTM in
 * batches ({@link carousel.model.StreamingModel#stepRows}), reading the weights once per batch for all of them;
 * each stream's search then runs its frames on a worker pool ({@link LiveStream}). A stream's words do not depend on
 * which streams share its steps. {@link RecognitionServer} also answers {@code POST /transcribe} (a WAV file,
 * recognised whole), {@code GET /health}, {@code GET /metrics} (Prometheus text, {@link ServerMetrics}) and
 * {@code GET /} (a browser page, {@code carousel/serve/index.html}); {@link LoadClient} is {@code serve-bench}'s
 * load generator.
 *
 * <p>Why Jetty 12 (its core handlers and its WebSocket API, no servlet container): it is the HTTP and WebSocket
 * server most Java servers are built on, maintained by the Eclipse Foundation, with two small jars beyond the
 * HTTP server; its WebSocket sessions let a listener demand each message explicitly, which is how back-pressure
 * reaches the client (a stream whose audio queue is full stops reading, so TCP flow control slows its sender)
 * without touching the other streams. Javalin 7 wraps the same Jetty 12 and would add Kotlin's library for
 * routing that four paths do not need.
 */
package carousel.serve;
