package carousel.spark;

import carousel.io.Json;
import carousel.speech.am.AcousticModel;
import carousel.train.Checkpoint;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command end to end on the demo corpus: shards, epochs, best model, checkpoints, resumption, and a usage error. */
class SparkTrainAmTest {
    static JavaSparkContext sc;

    @BeforeAll static void start() { sc = SparkTestSupport.context("train-am"); }
    @AfterAll static void stop() { sc.stop(); }

    static int run(ByteArrayOutputStream log, String... args) {
        SparkTrainAm cmd = new SparkTrainAm();
        cmd.sparkContext = sc;
        cmd.log = new PrintStream(log, true, StandardCharsets.UTF_8);
        return SparkTrainAm.execute(cmd, args);
    }

    @Test
    void trainsResumesAndWritesAModel(@TempDir Path out) throws Exception {
        String[] args = {"--corpus", "../data/demo-corpus", "--out", out.toString(), "--partitions", "2", "--streams", "4", "--hidden", "16",
                "--model", "lstm", "--layers", "1", "--targets", "phones39", "--lr", "0.01", "--delay", "2", "--epochs", "1", "--jobs", "2"};
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        assertEquals(0, run(log, args), log.toString(StandardCharsets.UTF_8));
        String first = log.toString(StandardCharsets.UTF_8);
        assertTrue(first.contains("done 96 of 96 utterances") && first.contains("2 partitions x 4 streams") && first.contains("epoch 1/1: train CE"), first);
        // the command says which Spark and which Java it runs on (the JDK itself is the build's to require, not a test's)
        assertTrue(first.contains("spark 4.2.0, master local[2,4]") && first.contains("Java " + System.getProperty("java.version")), first);
        assertTrue(Files.exists(out.resolve("shards/shard-00000.seq")) && Files.exists(out.resolve("shards/shard-00001.seq")));
        assertNotNull(Checkpoint.latest(out.resolve("checkpoints")));
        assertEquals(1, ((List<?>) Json.read(out.resolve("history.json"))).size());

        args[args.length - 3] = "2";   // --epochs 2: resumes after epoch 1
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        assertEquals(0, run(again, args), again.toString(StandardCharsets.UTF_8));
        String second = again.toString(StandardCharsets.UTF_8);
        assertTrue(second.contains("after epoch 1") && second.contains("epoch 2/2: train CE") && !second.contains("epoch 1/2: train CE"), second);
        assertEquals(2, ((List<?>) Json.read(out.resolve("history.json"))).size());
        AcousticModel m = AcousticModel.load(out.resolve("model"));
        assertEquals(16, m.network().config().hiddenSize());
        assertEquals(39, m.network().config().outputSize());
        assertTrue(Files.exists(out.resolve("training-curve.png")));

        // the same command once more: the run is finished, nothing changes
        byte[] history = Files.readAllBytes(out.resolve("history.json")), weights = Files.readAllBytes(out.resolve("model/model.safetensors"));
        ByteArrayOutputStream third = new ByteArrayOutputStream();
        assertEquals(0, run(third, args), third.toString(StandardCharsets.UTF_8));
        assertTrue(third.toString(StandardCharsets.UTF_8).contains("holds a finished run (2 epochs done"), third.toString(StandardCharsets.UTF_8));
        assertArrayEquals(history, Files.readAllBytes(out.resolve("history.json")));
        assertArrayEquals(weights, Files.readAllBytes(out.resolve("model/model.safetensors")));
        // other settings are refused with the difference named
        String[] other = args.clone();
        other[java.util.Arrays.asList(other).indexOf("--lr") + 1] = "0.02";
        ByteArrayOutputStream fourth = new ByteArrayOutputStream();
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertEquals(2, run(fourth, other));
        } finally {
            System.setErr(err);
        }
        assertTrue(captured.toString(StandardCharsets.UTF_8).contains("--lr 0.01 -> 0.02"), captured.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aBadModeIsAUsageError(@TempDir Path out) {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertEquals(2, run(log, "--corpus", "../data/demo-corpus", "--out", out.toString(), "--mode", "async"));
        } finally {
            System.setErr(err);
        }
        assertTrue(captured.toString(StandardCharsets.UTF_8).contains("--mode must be sync or average, got 'async'"), captured.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aMissingCorpusEndsInOneLineAndExit2(@TempDir Path out) {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertEquals(2, run(log, "--corpus", "../no-such-corpus", "--out", out.toString()));
        } finally {
            System.setErr(err);
        }
        String e = captured.toString(StandardCharsets.UTF_8).strip();
        assertTrue(e.startsWith("carousel-spark train-am: ") && e.contains("no-such-corpus") && e.lines().count() == 1, e);
    }
}
