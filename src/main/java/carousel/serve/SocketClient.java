package carousel.serve;

import carousel.io.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A client of the server's WebSocket protocol (the JDK's {@link WebSocket}): sends text and 16-bit PCM, one
 * message at a time, keeps the server's replies and its close code and reason. {@link LoadClient} and the tests use it.
 */
public final class SocketClient implements WebSocket.Listener {
    /** How a partial result begins ({@link Protocol#partialWords}). */
    static final String PARTIAL = "{\"partial\"";
    /** The server's text replies, in order (without the partials when made not to keep them). */
    public final List<String> replies = Collections.synchronizedList(new ArrayList<>());
    /** Completed with "code reason" when the server closes (or "error ..." when the connection fails). */
    public final CompletableFuture<String> closed = new CompletableFuture<>();
    private final StringBuilder text = new StringBuilder();
    private final Consumer<String> onReply;
    private final boolean keepPartials;
    private final WebSocket socket;

    /** Connects to {@code uri}; {@code onReply} sees each reply as it arrives; all of them are kept in {@link #replies}. */
    public SocketClient(HttpClient client, URI uri, Consumer<String> onReply) throws Exception {
        this(client, uri, onReply, true);
    }

    /** As the other constructor; without {@code keepPartials}, {@link #replies} keeps only the replies that are not partials. */
    public SocketClient(HttpClient client, URI uri, Consumer<String> onReply, boolean keepPartials) throws Exception {
        this.onReply = onReply;
        this.keepPartials = keepPartials;
        this.socket = client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30)).buildAsync(uri, this).get(60, TimeUnit.SECONDS);
    }

    public SocketClient text(String s) throws Exception {
        socket.sendText(s, true).get(60, TimeUnit.SECONDS);
        return this;
    }

    public SocketClient bytes(byte[] b) throws Exception {
        return bytes(b, 0, b.length);
    }

    /** Bytes {@code b[off, off + len)} as one binary message (not copied). */
    public SocketClient bytes(byte[] b, int off, int len) throws Exception {
        socket.sendBinary(ByteBuffer.wrap(b, off, len), true).get(60, TimeUnit.SECONDS);
        return this;
    }

    /** Drops the connection without a close frame. */
    public void abort() { socket.abort(); }

    /** Samples x[from, to) (16-bit scale) as 16-bit little-endian PCM. */
    public static byte[] pcm(float[] x, int from, int to) {
        ByteBuffer b = ByteBuffer.allocate(2 * (to - from)).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = from; i < to; i++) b.putShort((short) Math.max(-32768, Math.min(32767, Math.round(x[i]))));
        return b.array();
    }

    /** The server's close "code reason", waiting at most {@code seconds}. */
    public String awaitClose(double seconds) throws Exception {
        return closed.get((long) (seconds * 1000), TimeUnit.MILLISECONDS);
    }

    /** The words of the final results among the replies, in order. */
    public List<String> finalWords() {
        List<String> words = new ArrayList<>();
        synchronized (replies) {
            for (String r : replies) {
                try {
                    Map<String, Object> m = Json.parseObject(r, "reply");
                    if (m.get("text") instanceof String t && !t.isEmpty()) words.addAll(Arrays.asList(t.split(" ")));
                } catch (IOException e) {
                    words.add("<not JSON: " + r + ">");
                }
            }
        }
        return words;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
            String r = text.toString();
            text.setLength(0);
            if (keepPartials || !r.startsWith(PARTIAL)) replies.add(r);
            onReply.accept(r);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode + " " + reason);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete("error " + error);
    }
}
