package carousel.serve;

import carousel.model.ModelConfig;
import carousel.model.SequenceModel;
import carousel.speech.am.AcousticModel;
import carousel.speech.am.AmConfig;
import carousel.speech.audio.AudioReader;
import carousel.speech.decode.WordDecoderOptions;
import carousel.speech.recognize.Recognizer;
import carousel.speech.recognize.StreamingRecognizer;
import carousel.speech.recognize.WordRecognizer;
import carousel.tensor.DType;
import carousel.tensor.Rng;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The server's limits and faults: each answered with its documented close code ({@link Protocol}), the other streams unharmed, state let go. */
class ServeLimitsTest {
    private static final ServeLimits SMALL = new ServeLimits(2, 4096, 1.0, 10, 60, 2, 10, ServeLimits.LOOKAHEAD_FRAMES);

    private static float[] audio() throws Exception {
        return AudioReader.read(ServeTesting.WAVS[0]).samples();
    }

    private static void awaitNoStreams(RecognitionServer server) throws InterruptedException {
        for (int i = 0; i < 500 && server.metrics().liveStreams() > 0; i++) Thread.sleep(20);
        assertEquals(0, server.metrics().liveStreams(), "every stream's state let go");
    }

    @Test
    void aStreamOverTheMaximumIsRefusedAndTheOthersGoOn() throws Exception {
        try (RecognitionServer server = ServeTesting.server(SMALL)) {
            SocketClient a = ServeTesting.client(server.port()).text("{\"config\": {}}"), b = ServeTesting.client(server.port()).text("{\"config\": {}}");
            SocketClient c = ServeTesting.client(server.port());
            assertEquals("1013 server full: 2 streams", c.awaitClose(60));
            float[] x = Arrays.copyOf(audio(), 12000);
            ServeTesting.sendAll(a, x, 1600);
            assertEquals("1000 eof", a.awaitClose(60));
            assertTrue(a.replies.stream().anyMatch(m -> m.contains("\"partial\"")), "the first stream was served");
            b.text("{\"eof\": 1}");
            assertEquals("1000 eof", b.awaitClose(60));
            awaitNoStreams(server);
        }
    }

    @Test
    void badMessagesAndLimitsCloseWithTheirCodes() throws Exception {
        try (RecognitionServer server = ServeTesting.server(SMALL)) {
            assertEquals("1009", ServeTesting.client(server.port()).bytes(new byte[8192]).awaitClose(60).substring(0, 4), "a message over the size limit");
            assertEquals("1003", ServeTesting.client(server.port()).text("hello").awaitClose(60).substring(0, 4), "not JSON");
            String rate = ServeTesting.client(server.port()).text("{\"config\": {\"sample_rate\": 3}}").awaitClose(60);
            assertTrue(rate.startsWith("1003") && rate.contains("sample_rate"), rate);
            String late = ServeTesting.client(server.port()).bytes(new byte[3200]).text("{\"config\": {}}").awaitClose(60);
            assertTrue(late.startsWith("1003") && late.contains("before any audio"), late);
            String keys = ServeTesting.client(server.port()).text("{\"config\": {\"rate\": 8000}}").awaitClose(60);
            assertTrue(keys.startsWith("1003") && keys.contains("rate"), keys);
            SocketClient longer = ServeTesting.client(server.port()).text("{\"config\": {}}");
            float[] x = audio();
            for (int i = 0; i + 1600 <= 24000 && !longer.closed.isDone(); i += 1600) longer.bytes(SocketClient.pcm(x, i, i + 1600));
            String policy = longer.awaitClose(60);
            assertTrue(policy.startsWith("1008") && policy.contains("limit of 1 s"), policy);
            awaitNoStreams(server);
        }
    }

    @Test
    void aVanishedClientIsLetGoAndAnOddByteWaitsForTheNextChunk() throws Exception {
        try (RecognitionServer server = ServeTesting.server(SMALL.withMaxStreamSeconds(60))) {
            float[] x = audio();
            SocketClient gone = ServeTesting.client(server.port()).text("{\"config\": {}}");
            gone.bytes(SocketClient.pcm(x, 0, 8000));
            gone.abort();   // no close frame: the connection just drops mid-utterance
            awaitNoStreams(server);
            byte[] all = SocketClient.pcm(x, 0, x.length);
            SocketClient odd = ServeTesting.client(server.port());
            for (int i = 0; i < all.length; i += 3001) odd.bytes(Arrays.copyOfRange(all, i, Math.min(all.length, i + 3001)));
            odd.text("{\"eof\": 1}");
            assertEquals("1000 eof", odd.awaitClose(60));
            assertFalse(ServeTesting.finalWords(odd.replies).isEmpty());
            assertEquals(ServeTesting.words(ServeTesting.recognizer().recognize(AudioReader.read(ServeTesting.WAVS[0]), 0)), ServeTesting.finalWords(odd.replies));
        }
    }

    @Test
    void aClientFasterThanTheServerIsHeldBackAndLosesNothing() throws Exception {
        try (RecognitionServer server = ServeTesting.server(new ServeLimits(2, 1 << 20, 60, 0.3, 60, 1, 10, ServeLimits.LOOKAHEAD_FRAMES))) {
            float[] x = audio();
            SocketClient fast = ServeTesting.sendAll(ServeTesting.client(server.port()).text("{\"config\": {}}"), x, 1600);   // no pacing
            assertEquals("1000 eof", fast.awaitClose(60));
            assertEquals(ServeTesting.words(ServeTesting.recognizer().recognize(AudioReader.read(ServeTesting.WAVS[0]), 0)), fast.finalWords());
            assertTrue(server.metrics().text().matches("(?s).*carousel_serve_reading_paused_total [1-9].*"), "the server stopped reading the fast client");
        }
    }

    @Test
    void anIdleStreamIsClosedAndShutdownFinishesTheUtteranceInFlight() throws Exception {
        RecognitionServer server = ServeTesting.server(SMALL.withIdleSeconds(1).withMaxStreamSeconds(60));
        SocketClient idle = ServeTesting.client(server.port()).text("{\"config\": {}}");
        assertTrue(idle.awaitClose(60).startsWith("1001"), "never eof: closed when idle");
        awaitNoStreams(server);
        RecognitionServer second = ServeTesting.server(SMALL.withMaxStreamSeconds(60));
        SocketClient inFlight = ServeTesting.client(second.port()).text("{\"config\": {}}");
        float[] x = audio();
        for (int i = 0; i + 1600 <= x.length; i += 1600) inFlight.bytes(SocketClient.pcm(x, i, i + 1600));
        server.close();
        second.close();
        assertEquals("1001 server shutting down", inFlight.awaitClose(60));
        List<String> words = ServeTesting.finalWords(inFlight.replies);
        assertFalse(words.isEmpty(), "the utterance in flight got its final: " + inFlight.replies);
    }

    @Test
    void aModelThatCannotStreamIsRefusedClearly() throws Exception {
        WordRecognizer demo = ServeTesting.recognizer();
        AmConfig c = demo.model().config();
        SequenceModel bi = new SequenceModel(ModelConfig.lstm(40, 8, 1, 0, true, c.targets().numClasses()), DType.F32);
        bi.initialize(new Rng(3), 0.5, null);
        AcousticModel am = new AcousticModel(bi, new AmConfig(c.features(), c.targets(), 0, c.logPriors()));
        WordRecognizer rec = new WordRecognizer(am, ServeTesting.lexicon, ServeTesting.lm, Recognizer.topology(am.config(), 0.7), 0.1, WordDecoderOptions.DEFAULT);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RecognitionServer(rec, StreamingRecognizer.Endpointing.DEFAULT, SMALL, "127.0.0.1", 0, line -> {}));
        assertTrue(e.getMessage().contains("bidirectional"), e.getMessage());
    }
}
