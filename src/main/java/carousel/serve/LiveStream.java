package carousel.serve;

import carousel.progress.CpuTime;
import carousel.speech.audio.Resampler;
import carousel.speech.recognize.StreamingRecognizer;
import carousel.speech.recognize.WordRecognizer;
import carousel.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One client's stream: its audio queue, its {@link StreamingRecognizer} (stepped by the {@link BatchScheduler}),
 * its resampler, and the replies. Audio arrives on the connection's thread ({@link #offer}); everything else runs
 * one piece at a time, on a worker ({@link #pump}) or in the scheduler's step, never two at once: a stream is
 * "scheduled" from the moment work is queued for it until its worker finds nothing left to do.
 *
 * <p>The worker takes a chunk from the queue, turns it into Kaldi frames, hands up to {@link ServeLimits#lookaheadFrames}
 * of the recognizer's network input frames at a time to the scheduler (stepped ahead of the search,
 * {@link StreamingRecognizer#nextInputs}), runs the search on their logits, sends the finals of the utterances that
 * ended, and, when the chunk's frames are all through, answers the chunk with a partial result.
 * A client that vanished ({@link #vanish}) is noticed at the next turn and its state let go.
 */
final class LiveStream {
    /** Where a stream's replies go: its connection. */
    interface Replies {
        void send(String json);

        /** Closes the connection with a close code and reason ({@link Protocol}). */
        void close(int code, String reason);
    }

    /** A piece of audio at the client's rate (16-bit scale), when it arrived; or the end of the stream with its close code. */
    record Chunk(float[] samples, long arrivalNanos, int endCode, String endReason) {
        boolean isEnd() { return endCode != 0; }
    }

    private final long id;
    private final StreamingRecognizer rec;
    private final Protocol.Config config;
    private final Resampler.Stream resampler;   // null at the model's rate
    private final BatchScheduler scheduler;
    private final ServerMetrics metrics;
    private final ServeLimits limits;
    private final Replies replies;
    private final Runnable resumeReading;
    private final java.util.function.Consumer<String> log;
    private final int modelRateHz;
    private final ConcurrentLinkedQueue<Chunk> inbox = new ConcurrentLinkedQueue<>();
    private final AtomicLong queuedSamples = new AtomicLong();   // at the client's rate
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicBoolean released = new AtomicBoolean();
    private volatile boolean gone;
    private volatile String goneWhy = "";
    // worker's state (one thread at a time)
    private final List<Chunk> answering = new ArrayList<>();
    private List<float[]> inputs = List.of();   // (I) the frames waiting for the scheduler's step, in order
    private long discardedSeen;            // the recognizer's discarded outputs already counted in the metrics
    private long samplesIn;                // at the client's rate
    private long computeNanos;             // CPU time of this stream's work and its shares of the steps
    private int utterances;
    private Chunk end;
    private StreamingRecognizer.PartialKey partialKey;   // what the last partial's words were built from
    private String partialWords;           // and those words as JSON (Protocol#partialWords)

    LiveStream(long id, StreamingRecognizer rec, Protocol.Config config, BatchScheduler scheduler, ServerMetrics metrics, ServeLimits limits,
               Replies replies, Runnable resumeReading, java.util.function.Consumer<String> log) {
        this.id = id;
        this.rec = rec;
        this.config = config;
        this.modelRateHz = rec.sampleRateHz();
        this.resampler = config.sampleRateHz() == modelRateHz ? null : new Resampler(config.sampleRateHz(), modelRateHz).stream();
        this.scheduler = scheduler;
        this.metrics = metrics;
        this.limits = limits;
        this.replies = replies;
        this.resumeReading = resumeReading;
        this.log = log;
        rec.setMaxAlternatives(config.maxAlternatives());
    }

    long id() { return id; }

    /** Audio (or the end) from the client; returns whether the queue still has room (false: stop reading until resumed). */
    boolean offer(Chunk c) {
        inbox.add(c);
        long q = queuedSamples.addAndGet(c.samples().length);
        wake();
        return q < limits.queueSeconds() * config.sampleRateHz();
    }

    /** Whether the stream has audio waiting or is being worked on (a quiet connection is then not idle: the server is behind). */
    boolean busy() { return scheduled.get() || !inbox.isEmpty(); }

    /** The client went away (closed, failed or timed out): its state is let go at the stream's next turn. */
    void vanish(String why) {
        goneWhy = why;
        gone = true;
        wake();
    }

    private void wake() {
        if (scheduled.compareAndSet(false, true)) scheduler.work(this::pump);
    }

    /** The frames waiting for the scheduler's step (I each), to be stepped in order. */
    List<float[]> inputs() { return inputs; }

    Tensor[][] networkState() { return rec.networkState(); }

    /**
     * The scheduler's step of the next of {@link #inputs}: its logits are y[off .. off + C) (copied by the recognizer);
     * the stream's share of the step took {@code nanos} of CPU time.
     */
    void stepped(float[] y, int off, long nanos) {
        rec.acceptOutput(y, off);
        computeNanos += nanos;
    }

    /** On a worker after the scheduler's turn: the stream goes on, its search first taking the logits. */
    void afterStep() {
        inputs = List.of();
        pump();
    }

    /** The scheduler's step failed: the stream is closed with {@link Protocol#SERVER_ERROR}. */
    void fail(Throwable e) {
        log.accept("stream " + id + ": recognition failed: " + e);
        replies.close(Protocol.SERVER_ERROR, "recognition failed: " + e.getClass().getSimpleName());
        release("recognition failed");
    }

    /** The stream's work until it needs a step or has nothing to do. */
    private void pump() {
        long t0 = CpuTime.threadNanos();
        try {
            while (true) {
                if (gone) {
                    release(goneWhy);
                    return;
                }
                if (inputs.isEmpty()) inputs = rec.nextInputs(limits.lookaheadFrames());
                sendFinals();
                if (!inputs.isEmpty()) {
                    scheduler.step(this);
                    return;
                }
                if (!answering.isEmpty()) answer();
                if (end != null) {
                    replies.close(end.endCode(), end.endReason());
                    release(end.endReason());
                    return;
                }
                Chunk c = inbox.poll();
                if (c == null) {
                    scheduled.set(false);
                    if ((inbox.isEmpty() && !gone) || !scheduled.compareAndSet(false, true)) return;
                    continue;
                }
                take(c);
            }
        } catch (RuntimeException | Error e) {
            fail(e);
        } finally {
            long dt = CpuTime.threadNanos() - t0;
            computeNanos += dt;
            metrics.worked(dt);
        }
    }

    private void take(Chunk c) {
        long left = queuedSamples.addAndGet(-c.samples().length);
        if (left < limits.queueSeconds() * config.sampleRateHz() / 2) resumeReading.run();   // a no-op unless reading was paused
        if (c.isEnd()) {
            if (end != null) return;
            end = c;
            if (resampler != null) {
                float[] tail = resampler.finish();
                rec.addWaveform(tail, tail.length);
            }
            rec.addEnd();
            return;
        }
        if (end != null) return;   // audio after the end is ignored
        samplesIn += c.samples().length;
        if (samplesIn > limits.maxStreamSeconds() * config.sampleRateHz()) {
            String why = String.format(Locale.ROOT, "stream passed the limit of %.0f s of audio", limits.maxStreamSeconds());
            replies.close(Protocol.POLICY_VIOLATION, why);
            gone = true;
            goneWhy = why;
            return;
        }
        float[] x = resampler == null ? c.samples() : resampler.accept(c.samples(), c.samples().length);
        rec.addWaveform(x, x.length);
        answering.add(c);
    }

    private void sendFinals() {
        long d = rec.discardedOutputs();
        if (d != discardedSeen) metrics.discarded(d - discardedSeen);
        discardedSeen = d;
        for (WordRecognizer.Result r : rec.takeEndpoints()) {
            utterances++;
            replies.send(Protocol.finalResult(r, config.words(), rtf()));
        }
    }

    private void answer() {
        StreamingRecognizer.PartialKey key = rec.partialKey();
        if (!key.equals(partialKey)) {   // the best path changed: its words are built again, else the last ones are sent
            partialWords = Protocol.partialWords(rec.partialResult(), config.words());
            partialKey = key;
        }
        String partial = Protocol.partialResult(partialWords, rtf());
        long now = System.nanoTime();
        for (Chunk c : answering) {
            replies.send(partial);
            metrics.answered(now - c.arrivalNanos());
        }
        answering.clear();
    }

    private double rtf() {
        double audio = rec.audioSeconds();
        return audio > 0 ? computeNanos * 1e-9 / audio : 0;
    }

    private void release(String why) {
        if (!released.compareAndSet(false, true)) return;
        inbox.clear();
        rec.close();
        metrics.streamClosed(rec.audioSeconds());
        log.accept(String.format(Locale.ROOT, "stream %d closed (%s): %.1f s of audio, %d utterances, real-time factor %.3f",
                id, why, rec.audioSeconds(), utterances, rtf()));
    }

    boolean released() { return released.get(); }
}
