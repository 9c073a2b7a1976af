package carousel.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

    /** A clock the test moves by hand, in nanoseconds. */
    private static final class Clock {
        long nanos;
        void seconds(double s) { nanos += (long) (s * 1e9); }
    }

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final Clock clock = new Clock();

    private String printed() { return bytes.toString(StandardCharsets.UTF_8); }

    @Test
    void aLogGetsAPlainLineEveryIntervalAndOneAtTheEnd() {
        ProgressBar bar = new ProgressBar(out, "features", 100, "utterances", false, () -> clock.nanos).everySeconds(10);
        for (int i = 0; i < 40; i++) { clock.seconds(0.2); bar.step(); }   // 8 s: nothing yet
        assertEquals("", printed());
        for (int i = 0; i < 10; i++) { clock.seconds(0.2); bar.step(); }   // 10 s, 50 done
        assertEquals("features: 50/100 utterances (50%), 5.00 utterances/s, ETA 10 s\n", printed());
        bar.update(100, "loss 0.125");
        clock.seconds(10);
        bar.close();
        assertTrue(printed().endsWith("features: 100/100 utterances (100%), 20.0 s (5.00 utterances/s), loss 0.125\n"), printed());
        assertFalse(printed().contains("\r"), "no carriage returns in a log");
        bar.close();
        assertEquals(2, printed().lines().count(), "closing twice prints nothing more");
    }

    /** A resumed job's bar counts the items done before in its figures, not in its rate and ETA. */
    @Test
    void aResumedJobsRateCountsOnlyTheItemsThisBarSaw() {
        ProgressBar bar = new ProgressBar(out, "epoch 2/15", 100, "", false, () -> clock.nanos).everySeconds(10).from(60);
        clock.seconds(10);
        bar.update(70);
        assertEquals("epoch 2/15: 70/100 (70%), 1.00/s, ETA 30 s\n", printed());
    }

    @Test
    void aTerminalGetsOneLiveLineRedrawnInPlace() {
        ProgressBar bar = new ProgressBar(out, "decode", 4, "utterances", true, () -> clock.nanos);
        clock.seconds(1);
        bar.step();
        String first = "decode [#####...............]  1/4 utterances   25%  1.00 utterances/s  ETA 3 s";
        assertEquals("\r" + first, printed());
        clock.seconds(0.05);
        bar.step();
        assertEquals(1, printed().chars().filter(c -> c == '\r').count(), "redrawn at most every 0.2 s");
        bar.println("a warning");
        assertTrue(printed().contains("\r" + " ".repeat(first.length()) + "\ra warning\n\rdecode [##########"), printed());
        clock.seconds(1);
        bar.advance(2);
        bar.close();
        assertTrue(printed().endsWith("4/4 utterances  100%  1.95 utterances/s\n"), printed());
    }

    @Test
    void unknownTotalsAndSilentBars() {
        ProgressBar bar = new ProgressBar(out, "scan", 0, "files", true, () -> clock.nanos);
        clock.seconds(2);
        bar.advance(10);
        assertEquals("\rscan 10 files  5.00 files/s", printed());
        ProgressBar silent = ProgressBar.start(null, "x", 3, "y");
        silent.step();
        silent.println("not shown");
        silent.close();
        assertFalse(silent.terminal());
        assertFalse(ProgressBar.isTerminal(out), "a captured stream is not a terminal");
    }

    @Test
    void durationsReadAsPeopleWriteThem() {
        assertEquals("14 s", ProgressBar.duration(14.2));
        assertEquals("3 min 05 s", ProgressBar.duration(185));
        assertEquals("2 h 07 min", ProgressBar.duration(7620));
    }
}
