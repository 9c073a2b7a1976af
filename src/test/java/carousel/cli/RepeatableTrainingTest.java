package carousel.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Same seed, same model, by default: {@code train-am} on the demo corpus (a small LSTMP, one epoch) run
 * twice, each in a fresh JVM started with only the flags every command needs, writes bit-identical
 * weights. The JIT moves the kernels from interpreted to C1 to C2 code at moments that depend on
 * timing, so this holds only because every tier computes the same bits (exp, σ, tanh and sums in
 * {@code carousel.tensor} use IEEE-exact operations and fixed orders); with the Vector API's own exp,
 * tanh and {@code reduceLanes} the two files differed unless the JVM ran with
 * {@code -Djdk.incubator.vector.VectorMathLibrary=java -XX:DisableIntrinsic=_VectorReductionCoerced}.
 */
class RepeatableTrainingTest {
    @TempDir Path tmp;

    @Test
    void twoFreshJvmsTrainTheSameWeights() throws Exception {
        byte[] first = train(tmp.resolve("first")), second = train(tmp.resolve("second"));
        assertTrue(first.length > 10_000, "a model file was written");
        int diff = -1;
        for (int i = 0; i < Math.min(first.length, second.length) && diff < 0; i++) if (first[i] != second[i]) diff = i;
        assertEquals(-1, diff, "model.safetensors of the two runs first differ at byte " + diff);
        assertEquals(first.length, second.length, "model.safetensors lengths");
    }

    /** Runs train-am in a child JVM and returns its model.safetensors. */
    private static byte[] train(Path out) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xss16m",
                "-cp", System.getProperty("java.class.path"), "carousel.cli.Main",
                "train-am", "--corpus", "data/demo-corpus", "--out", out.toString(), "--model", "lstmp", "--hidden", "32",
                "--proj", "16", "--layers", "1", "--epochs", "1", "--seed", "3"));
        for (String a : cmd) assertFalse(a.contains("VectorMathLibrary") || a.contains("DisableIntrinsic"), a);
        Path log = Path.of(out + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().remove("JDK_JAVA_OPTIONS");
        pb.environment().remove("CAROUSEL_JAVA_OPTS");
        Process p = pb.start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("train-am did not finish in 10 minutes:\n" + Files.readString(log, StandardCharsets.UTF_8));
        }
        assertEquals(0, p.exitValue(), () -> {
            try { return Files.readString(log, StandardCharsets.UTF_8); } catch (Exception e) { return e.toString(); }
        });
        return Files.readAllBytes(out.resolve("model").resolve("model.safetensors"));
    }
}
