package carousel.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --weights bf16|int8} is for streaming only: bench and decode refuse it elsewhere, before doing any work. */
class WeightsOptionTest {
    @Test
    void benchRefusesBf16WithoutB3() {
        CliRun r = CliRun.of("bench", "--only", "B1,B2", "--weights", "bf16");
        assertNotEquals(0, r.exit(), r.toString());
        assertTrue(r.err().contains("B3") && r.err().contains("B4") && r.err().contains("float32"), r.toString());
        CliRun i = CliRun.of("bench", "--only", "B2", "--weights", "int8");
        assertNotEquals(0, i.exit(), i.toString());
        assertTrue(i.err().contains("int8") && i.err().contains("streaming"), i.toString());
        CliRun m = CliRun.of("bench", "--memory", "--weights", "bf16");
        assertNotEquals(0, m.exit(), m.toString());
        assertTrue(m.err().contains("--memory"), m.toString());
        CliRun bad = CliRun.of("bench", "--only", "B3", "--weights", "fp8");
        assertNotEquals(0, bad.exit(), bad.toString());
        assertTrue(bad.err().contains("f32, bf16 or int8"), bad.toString());
    }

    @Test
    void decodeRefusesBf16WithoutStreaming() {
        CliRun r = CliRun.of("decode", "--model", "no-such-model", "--corpus", "no-such-corpus", "--weights", "bf16");
        assertNotEquals(0, r.exit(), r.toString());
        assertTrue(r.err().contains("--streaming"), r.toString());
        CliRun i = CliRun.of("decode", "--model", "no-such-model", "--corpus", "no-such-corpus", "--weights", "int8");
        assertNotEquals(0, i.exit(), i.toString());
        assertTrue(i.err().contains("--streaming"), i.toString());
    }
}
