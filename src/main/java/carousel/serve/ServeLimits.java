package carousel.serve;

/**
 * The server's limits, each answered with a documented close code ({@link Protocol}).
 *
 * @param maxStreams        live WebSocket streams at once; one more is closed with {@link Protocol#TRY_AGAIN_LATER}
 * @param maxMessageBytes   bytes in one WebSocket message (text or binary); larger: {@link Protocol#MESSAGE_TOO_BIG}
 * @param maxStreamSeconds  seconds of audio in one stream; past it: {@link Protocol#POLICY_VIOLATION}
 * @param queueSeconds      seconds of audio a stream may have waiting; above it the server stops reading from
 *                          that client until the queue is half empty (back-pressure through TCP)
 * @param idleSeconds       a connection with no message for this long, and no audio of it waiting, is closed by the server
 * @param workers           threads running the streams' searches
 * @param shutdownSeconds   how long a shutdown waits for the utterances in flight to finish
 * @param lookaheadFrames   network frames of a stream stepped ahead of its search in one scheduler turn (1: each
 *                          frame waits for the search of the one before; see {@link BatchScheduler})
 */
public record ServeLimits(int maxStreams, int maxMessageBytes, double maxStreamSeconds, double queueSeconds, double idleSeconds,
                          int workers, double shutdownSeconds, int lookaheadFrames) {
    /** Network frames stepped ahead of the search by default: a 100-ms chunk's 10 frames in one turn. */
    public static final int LOOKAHEAD_FRAMES = 10;

    /**
     * 256 streams, 1 MiB messages, an hour of audio per stream, 10 s of audio queued, 60 s idle, a worker per core, 30 s to shut
     * down, {@link #LOOKAHEAD_FRAMES} frames of look-ahead.
     */
    public static final ServeLimits DEFAULT = new ServeLimits(256, 1 << 20, 3600, 10, 60, Runtime.getRuntime().availableProcessors(), 30, LOOKAHEAD_FRAMES);

    public ServeLimits {
        if (maxStreams < 1) throw new IllegalArgumentException("max streams must be >= 1, got " + maxStreams);
        if (maxMessageBytes < 1024) throw new IllegalArgumentException("max message bytes must be >= 1024, got " + maxMessageBytes);
        if (!(maxStreamSeconds > 0)) throw new IllegalArgumentException("max stream seconds must be positive, got " + maxStreamSeconds);
        if (!(queueSeconds > 0)) throw new IllegalArgumentException("queue seconds must be positive, got " + queueSeconds);
        if (!(idleSeconds > 0)) throw new IllegalArgumentException("idle seconds must be positive, got " + idleSeconds);
        if (workers < 1) throw new IllegalArgumentException("workers must be >= 1, got " + workers);
        if (!(shutdownSeconds >= 0)) throw new IllegalArgumentException("shutdown seconds must be >= 0, got " + shutdownSeconds);
        if (lookaheadFrames < 1) throw new IllegalArgumentException("look-ahead frames must be >= 1, got " + lookaheadFrames);
    }

    public ServeLimits withMaxStreams(int n) { return new ServeLimits(n, maxMessageBytes, maxStreamSeconds, queueSeconds, idleSeconds, workers, shutdownSeconds, lookaheadFrames); }

    public ServeLimits withMaxStreamSeconds(double s) { return new ServeLimits(maxStreams, maxMessageBytes, s, queueSeconds, idleSeconds, workers, shutdownSeconds, lookaheadFrames); }

    public ServeLimits withIdleSeconds(double s) { return new ServeLimits(maxStreams, maxMessageBytes, maxStreamSeconds, queueSeconds, s, workers, shutdownSeconds, lookaheadFrames); }

    public ServeLimits withLookaheadFrames(int n) { return new ServeLimits(maxStreams, maxMessageBytes, maxStreamSeconds, queueSeconds, idleSeconds, workers, shutdownSeconds, n); }
}
