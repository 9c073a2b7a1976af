package carousel.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code lag-tasks run}: the online methods run with the paper's setting and say so; options that do not apply are errors. */
class LagTasksCommandTest {
    @Test
    void onlineMethodsDefaultToThePaperSettingAndTakeLr() {
        CliRun r = CliRun.of("lag-tasks", "run", "--task", "2a", "--p", "5", "--method", "lstm1997", "--trials", "1",
                "--budget", "200", "--eval-every", "100", "--heartbeat", "0", "--lr", "0.7");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("lstm1997, paper"), r.toString());
        assertTrue(r.out().contains("lr 0.7"), "--lr reaches the online learner: " + r);
    }

    @Test
    void optionsThatDoNotApplyAreRefused() {
        CliRun modern = CliRun.of("lag-tasks", "run", "--task", "2a", "--p", "5", "--method", "rtrl", "--preset", "modern", "--trials", "1", "--budget", "10");
        assertNotEquals(0, modern.exit(), modern.toString());
        assertTrue(modern.err().contains("paper's setting"), modern.toString());
        CliRun hidden = CliRun.of("lag-tasks", "run", "--task", "2a", "--p", "5", "--method", "lstm1997", "--hidden", "8", "--trials", "1", "--budget", "10");
        assertNotEquals(0, hidden.exit(), hidden.toString());
        assertTrue(hidden.err().contains("--hidden"), hidden.toString());
        CliRun fb = CliRun.of("lag-tasks", "run", "--task", "2a", "--p", "5", "--method", "rnn", "--forget-bias", "5", "--trials", "1", "--budget", "10");
        assertNotEquals(0, fb.exit(), fb.toString());
        assertTrue(fb.err().contains("--forget-bias"), fb.toString());
    }
}
