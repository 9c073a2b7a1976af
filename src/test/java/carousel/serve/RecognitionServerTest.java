package carousel.serve;

import carousel.speech.audio.AudioReader;
import carousel.speech.audio.Resampler;
import carousel.speech.audio.Waveform;
import carousel.speech.recognize.StreamingRecognizer;
import carousel.speech.recognize.WordRecognizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The server on a loopback socket with the demo model: the WebSocket protocol's round trip, streams stepped
 * together giving the words each gives alone and that offline recognition gives, resampling, and the HTTP paths.
 */
class RecognitionServerTest {
    static RecognitionServer server;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        server = ServeTesting.server(ServeLimits.DEFAULT.withMaxStreams(32));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void roundTripAnswersEachChunkAndEndsWithTheOfflineWords() throws Exception {
        Waveform w = AudioReader.read(ServeTesting.WAVS[0]);
        float[] x = w.samples();
        int chunk = 1600, chunks = (x.length + chunk - 1) / chunk;
        SocketClient c = ServeTesting.client(server.port());
        ServeTesting.sendAll(c.text("{\"config\": {\"sample_rate\": 16000, \"words\": true, \"max_alternatives\": 0}}"), x, chunk);
        assertEquals("1000 eof", c.awaitClose(60));
        List<String> replies = new ArrayList<>(c.replies);
        long partials = replies.stream().filter(r -> ServeTesting.json(r).containsKey("partial")).count();
        assertEquals(chunks, partials, "one partial per chunk: " + replies);
        Map<String, Object> last = ServeTesting.json(replies.getLast());
        assertTrue(last.containsKey("text") && last.containsKey("result") && last.containsKey("rtf"), "the final comes last: " + last);
        List<String> offline = ServeTesting.words(ServeTesting.recognizer().recognize(w, 0));
        assertFalse(offline.isEmpty());
        assertEquals(offline, ServeTesting.finalWords(replies));
        assertEquals(ServeTesting.aloneWords(x, chunk), ServeTesting.finalWords(replies));
        // the partials grow towards the final words
        String lastPartial = "";
        for (String r : replies) if (ServeTesting.json(r).get("partial") instanceof String p) lastPartial = p;
        assertTrue(String.join(" ", offline).startsWith(lastPartial), lastPartial + " / " + offline);
    }

    @Test
    void streamsSteppedTogetherGiveTheWordsEachGivesAlone() throws Exception {
        int n = 8;
        List<SocketClient> clients = new ArrayList<>();
        List<float[]> audio = new ArrayList<>();
        List<Integer> chunks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            audio.add(AudioReader.read(ServeTesting.WAVS[i % ServeTesting.WAVS.length]).samples());
            chunks.add(800 + 700 * i);   // chunks of every size, so the streams fall out of step
            clients.add(ServeTesting.client(server.port()));
        }
        List<Thread> senders = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < n; i++) {
            int s = i;
            Thread t = Thread.ofVirtual().start(() -> {
                try {
                    ServeTesting.sendAll(clients.get(s), audio.get(s), chunks.get(s));
                } catch (Exception e) {
                    failures.add(e);
                }
            });
            senders.add(t);
        }
        for (Thread t : senders) t.join();
        assertTrue(failures.isEmpty(), failures.toString());
        for (int i = 0; i < n; i++) {
            assertEquals("1000 eof", clients.get(i).awaitClose(60));
            List<String> got = ServeTesting.finalWords(clients.get(i).replies);
            assertEquals(ServeTesting.aloneWords(audio.get(i), chunks.get(i)), got, "stream " + i);
            assertFalse(got.isEmpty());
        }
    }

    @Test
    void endpointsAmongFramesSteppedAheadGiveTheFinalsOfOneFrameAtATime() throws Exception {
        // the four files one after another, utterances ended after 0.3 s of silence or 1.5 s: endpoints fall inside
        // a stream's look-ahead, whose frames after them are stepped again from the next utterance's fresh state
        StreamingRecognizer.Endpointing tight = new StreamingRecognizer.Endpointing(0.3, 1.0, 1.5);
        float[] all = new float[0];
        for (java.nio.file.Path p : ServeTesting.WAVS) {
            float[] x = AudioReader.read(p).samples();
            int at = all.length;
            all = java.util.Arrays.copyOf(all, at + x.length);
            System.arraycopy(x, 0, all, at, x.length);
        }
        float[] audio = all;
        try (RecognitionServer s = new RecognitionServer(ServeTesting.recognizer(), tight, ServeLimits.DEFAULT.withLookaheadFrames(20), "127.0.0.1", 0, line -> {})) {
            int[] chunks = {1600, 3200, 1234, 4800};
            List<SocketClient> clients = new ArrayList<>();
            for (int chunk : chunks) clients.add(ServeTesting.client(s.port()));
            List<Thread> senders = new ArrayList<>();
            for (int i = 0; i < chunks.length; i++) {
                SocketClient c = clients.get(i);
                int chunk = chunks[i];
                senders.add(Thread.ofVirtual().start(() -> {
                    try {
                        ServeTesting.sendAll(c, audio, chunk);
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                }));
            }
            for (Thread t : senders) t.join();
            for (int i = 0; i < chunks.length; i++) {
                assertEquals("1000 eof", clients.get(i).awaitClose(60));
                List<String> alone = ServeTesting.aloneFinals(audio, chunks[i], tight);
                assertTrue(alone.size() >= 5, "the tight rules end several utterances: " + alone);
                assertEquals(alone, ServeTesting.finalTexts(clients.get(i).replies), "stream " + i);
            }
            String metrics = s.metrics().text();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("carousel_serve_frames_discarded_total (\\d+)").matcher(metrics);
            assertTrue(m.find() && Long.parseLong(m.group(1)) > 0, "frames were stepped again after endpoints:\n" + metrics);
        }
    }

    @Test
    void audioAtAnotherRateIsResampled() throws Exception {
        Waveform w = AudioReader.read(ServeTesting.WAVS[1]);
        float[] x8 = new Resampler(16000, 8000).resample(w.samples());
        for (int i = 0; i < x8.length; i++) x8[i] = Math.max(-32768, Math.min(32767, Math.round(x8[i])));   // as the PCM sent
        SocketClient c = ServeTesting.client(server.port());
        ServeTesting.sendAll(c.text("{\"config\": {\"sample_rate\": 8000}}"), x8, 1234);
        assertEquals("1000 eof", c.awaitClose(60));
        WordRecognizer.Result offline = ServeTesting.recognizer().recognize(new Waveform("8k", 8000, x8), 0);
        assertEquals(ServeTesting.words(offline), ServeTesting.finalWords(c.replies));
    }

    @Test
    void httpPathsAnswer() throws Exception {
        String base = "http://127.0.0.1:" + server.port();
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode());
        assertEquals("ok", ServeTesting.json(health.body()).get("status"));
        byte[] wav = Files.readAllBytes(ServeTesting.WAVS[2]);
        HttpResponse<String> t = http.send(HttpRequest.newBuilder(URI.create(base + "/transcribe")).POST(HttpRequest.BodyPublishers.ofByteArray(wav)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, t.statusCode(), t.body());
        assertEquals(String.join(" ", ServeTesting.words(ServeTesting.recognizer().recognize(AudioReader.read(ServeTesting.WAVS[2]), 0))),
                ServeTesting.json(t.body()).get("text"));
        HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create(base + "/transcribe")).POST(HttpRequest.BodyPublishers.ofString("not a wav")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, bad.statusCode());
        assertTrue(((String) ServeTesting.json(bad.body()).get("error")).contains("request body"), bad.body());
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        for (String name : List.of("carousel_serve_streams ", "carousel_serve_frames_total ", "carousel_serve_real_time_factor ",
                "carousel_serve_partial_latency_seconds_bucket{le=\"0.1\"}", "carousel_serve_queue_streams ", "process_cpu_seconds_total "))
            assertTrue(metrics.body().contains(name), name + " in\n" + metrics.body());
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + "/")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<html"), "the page");
        assertEquals(404, http.send(HttpRequest.newBuilder(URI.create(base + "/nothing")).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    @Test
    void withoutDictionaryOrLmTheWordsArePhones() throws Exception {
        WordRecognizer demo = ServeTesting.recognizer();
        WordRecognizer phones = carousel.speech.recognize.PhoneLoop.recognizer(demo.model(),
                carousel.speech.recognize.Recognizer.topology(demo.model().config(), 0.7), 0.1,
                new carousel.speech.decode.WordDecoderOptions(carousel.speech.recognize.PhoneLoop.LM_WEIGHT, 0, 0.5, 16, 7000, 8));
        Waveform w = AudioReader.read(ServeTesting.WAVS[3]);
        try (RecognitionServer s = new RecognitionServer(phones, carousel.speech.recognize.StreamingRecognizer.Endpointing.DEFAULT,
                ServeLimits.DEFAULT, "127.0.0.1", 0, line -> {})) {
            SocketClient c = ServeTesting.sendAll(ServeTesting.client(s.port()).text("{\"config\": {}}"), w.samples(), 3200);
            assertEquals("1000 eof", c.awaitClose(60));
            List<String> got = ServeTesting.finalWords(c.replies);
            assertTrue(got.size() > 10, "a phone string: " + got);
            for (String p : got) assertTrue(carousel.speech.lexicon.PhoneBridge.CMU_39.contains(p.toUpperCase(java.util.Locale.ROOT)), p);
            assertEquals(ServeTesting.words(phones.recognize(w, 0)), got);
        }
    }
}
