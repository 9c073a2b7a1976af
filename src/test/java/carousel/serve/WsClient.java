package carousel.serve;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** A test's WebSocket client (the JDK's): sends text and PCM, collects the server's text messages and its close code and reason. */
final class WsClient implements WebSocket.Listener {
    final List<String> messages = java.util.Collections.synchronizedList(new ArrayList<>());
    final CompletableFuture<String> closed = new CompletableFuture<>();   // "code reason"
    private final StringBuilder partialText = new StringBuilder();
    final WebSocket ws;

    WsClient(int port) throws Exception {
        this.ws = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/"), this).get(10, TimeUnit.SECONDS);
    }

    WsClient text(String s) throws Exception {
        ws.sendText(s, true).get(10, TimeUnit.SECONDS);
        return this;
    }

    WsClient bytes(byte[] b) throws Exception {
        ws.sendBinary(ByteBuffer.wrap(b), true).get(10, TimeUnit.SECONDS);
        return this;
    }

    /** Samples (16-bit scale) as 16-bit little-endian PCM. */
    static byte[] pcm(float[] x, int from, int to) {
        ByteBuffer b = ByteBuffer.allocate(2 * (to - from)).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = from; i < to; i++) b.putShort((short) Math.max(-32768, Math.min(32767, Math.round(x[i]))));
        return b.array();
    }

    /** Sends samples in chunks of {@code chunk} samples, then eof. */
    WsClient sendAll(float[] x, int chunk) throws Exception {
        for (int i = 0; i < x.length; i += chunk) bytes(pcm(x, i, Math.min(x.length, i + chunk)));
        return text("{\"eof\": 1}");
    }

    String awaitClose() throws Exception {
        return closed.get(60, TimeUnit.SECONDS);
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partialText.append(data);
        if (last) {
            messages.add(partialText.toString());
            partialText.setLength(0);
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
