package carousel.serve;

import carousel.speech.audio.AudioReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The browser page in a real headless Chromium (Debian's chromium and chromium-driver, driven by Selenium): the
 * microphone path with Chromium's fake capture device playing a demo-corpus WAV, through the page's AudioWorklet
 * downsampling, and the WAV-file path; the words the page shows are checked against offline recognition. Skipped,
 * saying so, where chromium or chromedriver is not installed ({@code .ci/run} installs them).
 */
class BrowserPageTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium"), DRIVER = Path.of("/usr/bin/chromedriver");
    private static RecognitionServer server;

    @BeforeAll
    static void start() throws Exception {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(DRIVER)) {
            System.out.println("BrowserPageTest skipped: " + CHROMIUM + " or " + DRIVER + " is missing (apt-get install chromium chromium-driver)");
            Assumptions.abort("chromium or chromedriver is not installed");
        }
        server = ServeTesting.server(ServeLimits.DEFAULT);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) server.close();
    }

    private static ChromeDriver browser(String... extra) {
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM.toFile());
        o.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1000,700",
                "--autoplay-policy=no-user-gesture-required", "--use-fake-ui-for-media-stream");
        o.addArguments(extra);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
        return new ChromeDriver(service, o);
    }

    private static List<String> shownWords(ChromeDriver d) {
        List<String> words = new ArrayList<>();
        for (WebElement w : d.findElements(By.cssSelector("#finals .w"))) words.add(w.getText().split("\n")[0].trim());
        return words;
    }

    private static List<String> offline(Path wav) throws Exception {
        return ServeTesting.words(ServeTesting.recognizer().recognize(AudioReader.read(wav), 0));
    }

    @Test
    void aDroppedWavFileShowsTheOfflineWordsWithTimes() throws Exception {
        Path wav = ServeTesting.WAVS[2];
        ChromeDriver d = browser();
        try {
            d.get("http://127.0.0.1:" + server.port() + "/");
            d.findElement(By.id("file")).sendKeys(wav.toAbsolutePath().toString());
            List<String> partials = new ArrayList<>();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (d.findElements(By.cssSelector("#finals .utt")).isEmpty() && System.nanoTime() < deadline) {
                String p = d.findElement(By.id("partial")).getText();
                if (!p.isEmpty() && (partials.isEmpty() || !partials.getLast().equals(p))) partials.add(p);
                Thread.sleep(50);
            }
            assertEquals(offline(wav), shownWords(d));
            assertFalse(partials.isEmpty(), "partial words were shown while the file played");
            assertTrue(d.findElement(By.cssSelector("#finals .utt .t")).getText().matches("\\d+\\.\\d\\d–\\d+\\.\\d\\d s"), "the utterance's times");
            assertTrue(d.findElement(By.id("rtf")).getText().matches("\\d\\.\\d{3}"), "the server's RTF: " + d.findElement(By.id("rtf")).getText());
        } finally {
            d.quit();
        }
    }

    @Test
    void theMicrophoneThroughTheWorkletGivesTheWordsOfTheFileItPlays() throws Exception {
        Path wav = ServeTesting.WAVS[0];
        ChromeDriver d = browser("--use-fake-device-for-media-stream", "--use-file-for-fake-audio-capture=" + wav.toAbsolutePath() + "%noloop");
        try {
            d.get("http://127.0.0.1:" + server.port() + "/");
            for (int i = 0; i < 200 && !d.findElement(By.id("status")).getText().startsWith("ready"); i++) Thread.sleep(50);
            d.findElement(By.id("mic")).click();
            double seconds = AudioReader.read(wav).durationSeconds();
            Thread.sleep((long) (seconds * 1000) + 1500);
            d.findElement(By.id("mic")).click();   // stop: the eof gives the final
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (d.findElements(By.cssSelector("#finals .w")).isEmpty() && System.nanoTime() < deadline) Thread.sleep(50);
            List<String> shown = shownWords(d), expected = offline(wav);
            int common = 0;
            for (String w : shown) if (expected.contains(w)) common++;
            System.out.println("BrowserPageTest: microphone path showed " + shown + "; offline " + expected);
            String s = System.getProperty("carousel.serve.screenshot");
            if (s != null) Files.copy(((TakesScreenshot) d).getScreenshotAs(OutputType.FILE).toPath(), Path.of(s), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            // the audio went through Chromium's capture, its resampling to the context's rate and the page's downsampling: most words survive
            assertTrue(common * 2 >= expected.size(), "shown " + shown + ", offline " + expected);
        } finally {
            d.quit();
        }
    }
}
