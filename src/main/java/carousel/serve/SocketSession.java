package carousel.serve;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One WebSocket connection (Jetty's listener): admits it or refuses it (server full, shutting down), parses the
 * text messages ({@link Protocol}), turns binary messages into samples (16-bit little endian, an odd byte kept for
 * the next message) for its {@link LiveStream}, and reads the next message only while the stream's queue has
 * room: explicit demand is the back-pressure.
 */
public final class SocketSession implements Session.Listener, LiveStream.Replies {
    private final RecognitionServer server;
    private final long id;
    private Session session;
    private volatile LiveStream stream;
    private boolean admitted;
    private int oddByte = -1;
    private final AtomicBoolean paused = new AtomicBoolean();
    private volatile boolean closing;

    SocketSession(RecognitionServer server, long id) {
        this.server = server;
        this.id = id;
    }

    @Override
    public void onWebSocketOpen(Session s) {
        session = s;
        String refused = server.admit(this);
        if (refused != null) {
            int code = refused.startsWith("server full") ? Protocol.TRY_AGAIN_LATER : Protocol.GOING_AWAY;
            server.log("stream " + id + " refused: " + refused);
            close(code, refused);
            return;
        }
        admitted = true;
        s.addIdleTimeoutListener(timeout -> stream == null || !stream.busy());   // quiet because the server is behind: not idle
        s.demand();
    }

    @Override
    public void onWebSocketText(String text) {
        if (closing) return;
        Protocol.Text msg;
        try {
            msg = Protocol.parse(text, server.modelRateHz());
        } catch (IllegalArgumentException e) {
            bad(e.getMessage());
            return;
        }
        switch (msg) {
            case Protocol.Configure c -> {
                if (stream != null) {
                    bad("the configuration must come before any audio");
                    return;
                }
                stream = server.newStream(id, c.config(), this);
            }
            case Protocol.Eof e -> {
                if (stream == null) stream = server.newStream(id, server.defaultConfig(), this);
                stream.offer(new LiveStream.Chunk(new float[0], System.nanoTime(), Protocol.NORMAL, "eof"));
            }
        }
        session.demand();
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        long arrival = System.nanoTime();
        if (closing) {
            callback.succeed();
            return;
        }
        if (stream == null) stream = server.newStream(id, server.defaultConfig(), this);
        ByteBuffer b = payload.order(ByteOrder.LITTLE_ENDIAN);
        int bytes = b.remaining() + (oddByte >= 0 ? 1 : 0);
        float[] x = new float[bytes / 2];
        int i = 0;
        if (oddByte >= 0 && b.hasRemaining()) {
            x[i++] = (short) ((oddByte & 0xff) | (b.get() << 8));
            oddByte = -1;
        }
        while (b.remaining() >= 2) x[i++] = b.getShort();
        if (b.hasRemaining()) oddByte = b.get() & 0xff;
        callback.succeed();
        paused.set(true);   // before the offer: a worker draining the queue meanwhile then resumes the reading
        if (!stream.offer(new LiveStream.Chunk(x, arrival, 0, null))) server.metrics().readingPaused();
        else if (paused.compareAndSet(true, false)) session.demand();
    }

    /** The stream's queue has room again: read the next message. */
    void resumeReading() {
        if (paused.compareAndSet(true, false) && session.isOpen()) session.demand();
    }

    /** The server shuts down: the utterance in flight is finished, then the connection closed. */
    void shutdown() {
        if (stream != null) stream.offer(new LiveStream.Chunk(new float[0], System.nanoTime(), Protocol.GOING_AWAY, "server shutting down"));
        else close(Protocol.GOING_AWAY, "server shutting down");
    }

    private void bad(String why) {
        server.log("stream " + id + ": bad message: " + why);
        close(Protocol.BAD_DATA, why);
    }

    @Override
    public void onWebSocketClose(int code, String reason) {
        server.closed(this, code);
        String why = "connection closed, code " + code + (reason == null || reason.isEmpty() ? "" : " \"" + reason + "\"");
        if (stream != null) stream.vanish(why);
        else if (admitted) server.releasedWithoutStream(id, why);
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        if (stream != null) stream.vanish("connection failed: " + cause);
    }

    @Override
    public void send(String json) {
        Session s = session;
        if (s == null || !s.isOpen()) return;
        s.sendText(json, Callback.from(() -> {}, failure -> {
            if (stream != null) stream.vanish("a reply could not be sent: " + failure);
        }));
    }

    @Override
    public void close(int code, String reason) {
        closing = true;
        byte[] r = reason.getBytes(StandardCharsets.UTF_8);
        String fit = r.length <= 120 ? reason : new String(r, 0, 120, StandardCharsets.UTF_8);   // a close reason holds 123 bytes
        session.close(code, fit, Callback.NOOP);
    }
}
