package carousel.serve;

import carousel.model.StreamingModel;
import carousel.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The one thread that steps the acoustic model: in each turn it takes every live stream that has network input
 * frames waiting ({@link LiveStream#inputs}, up to {@link ServeLimits#lookaheadFrames} per stream, given out ahead
 * of its search), and runs as many batch steps as the longest stream has frames: step r stacks the r-th frame of
 * each stream that has one as the rows of x (m, I) and steps them through {@link StreamingModel#stepRows} with each
 * stream's own state, handing each stream its row of logits (m, C). Then the turn's streams go to the worker
 * pool, where each one's search runs all its frames in a row ({@link LiveStream#afterStep}). Streams join and
 * leave simply by being in the ready queue or not; a stream is in at most one turn at a time, so its state is
 * touched by one thread at a time.
 *
 * <p>The turn's streams go to the workers as one task per worker, each a contiguous share of the batch (not one
 * task per stream): a handful of hand-offs and thread wake-ups per turn instead of one per stream-frame, and with
 * look-ahead one turn per chunk of a stream instead of one per frame, its search running the chunk's frames in a
 * row while its tables are in the cache. While shares of the last turn are still in their searches the scheduler
 * sleeps up to {@code gatherNanos} for them to come back (the last share back wakes it), so that streams keep
 * stepping together (one read of the weights for all) instead of splitting into small batches; a stream whose
 * search is slow delays the next turn by at most that.
 */
final class BatchScheduler implements AutoCloseable {
    private final StreamingModel model;
    private final StreamingModel.Scratch scratch;     // the scheduler's step buffers (the weights are shared)
    private final int inputSize, classes;
    private final ServerMetrics metrics;
    private final LinkedBlockingQueue<LiveStream> ready = new LinkedBlockingQueue<>();
    private final AtomicInteger inSearch = new AtomicInteger();   // shares handed to the workers after a step, not yet back
    private final ExecutorService workers;
    private final int numWorkers;
    private final Thread thread;
    private final long gatherNanos;
    private volatile boolean running = true;
    private float[] x = new float[0];                 // (m, I): the batch's input frames
    private Tensor[][][] states = new Tensor[0][][];  // (m): the batch's network states
    private LiveStream[] rows = new LiveStream[0];    // (m): the stream of each row

    BatchScheduler(StreamingModel model, int workers, ServerMetrics metrics) {
        this.model = model;
        this.scratch = model.newScratch();
        this.inputSize = model.inputSize();
        this.classes = model.outputSize();
        this.metrics = metrics;
        this.gatherNanos = 2_000_000;
        this.numWorkers = workers;
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "serve-search-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.thread = new Thread(this::loop, "serve-scheduler");
        thread.setDaemon(true);
        thread.start();
    }

    /** Runs a stream's work on the worker pool. */
    void work(Runnable r) {
        workers.execute(r);
    }

    /** The stream has input frames ready ({@link LiveStream#inputs}): it goes into the next turn. */
    void step(LiveStream s) {
        ready.add(s);
    }

    /** A share of the last step's streams has come back from the workers (each stepping again or idle); the last one wakes the scheduler. */
    private void returned() {
        if (inSearch.decrementAndGet() == 0) LockSupport.unpark(thread);
    }

    /** Streams waiting for a step. */
    int readyStreams() { return ready.size(); }

    private void loop() {
        List<LiveStream> batch = new ArrayList<>();
        while (running) {
            try {
                LiveStream first = ready.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                batch.add(first);
                long deadline = System.nanoTime() + gatherNanos;
                for (long left = gatherNanos; inSearch.get() > 0 && left > 0; left = deadline - System.nanoTime()) {
                    LockSupport.parkNanos(this, left);
                    if (Thread.interrupted()) return;
                }
                ready.drainTo(batch);
            } catch (InterruptedException e) {
                return;
            }
            boolean stepped = false;
            try {
                stepBatch(batch);
                stepped = true;
            } catch (RuntimeException | Error e) {   // the step failed: its streams (none handed to a worker yet) are closed
                for (LiveStream s : batch) s.fail(e);
            }
            if (stepped) handOut(batch);
            batch.clear();
        }
    }

    private void stepBatch(List<LiveStream> batch) {
        int n = batch.size(), rounds = 0;
        for (LiveStream st : batch) rounds = Math.max(rounds, st.inputs().size());
        if (x.length < n * inputSize) {
            x = new float[2 * n * inputSize];
            states = new Tensor[2 * n][][];
            rows = new LiveStream[2 * n];
        }
        for (int r = 0; r < rounds; r++) {
            int m = 0;
            for (LiveStream st : batch) {
                List<float[]> in = st.inputs();
                if (in.size() <= r) continue;
                System.arraycopy(in.get(r), 0, x, m * inputSize, inputSize);
                states[m] = st.networkState();
                rows[m++] = st;
            }
            float[] y = model.stepRows(scratch, m, x, 0, inputSize, states);
            long nanos = scratch.stepCpuNanos();   // all threads of a split step, not the scheduler's alone
            java.util.Arrays.fill(states, 0, m, null);
            metrics.stepped(m, nanos);
            for (int s = 0; s < m; s++) rows[s].stepped(y, s * classes, nanos / m);
            java.util.Arrays.fill(rows, 0, m, null);
        }
        metrics.turned();
    }

    /** The stepped streams to the workers, one contiguous share per worker. */
    private void handOut(List<LiveStream> batch) {
        int m = batch.size();
        int shares = Math.min(numWorkers, m);
        inSearch.addAndGet(shares);
        for (int w = 0; w < shares; w++) {
            List<LiveStream> share = List.copyOf(batch.subList(w * m / shares, (w + 1) * m / shares));
            workers.execute(() -> {
                try {
                    for (LiveStream st : share) st.afterStep();
                } finally {
                    returned();
                }
            });
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.shutdownNow();
    }
}
