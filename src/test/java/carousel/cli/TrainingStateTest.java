package carousel.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Training state that cannot be lost or mixed, tried on the commands themselves: train-am killed with
 * SIGKILL at random moments and resumed ends with the bits of an uninterrupted run; two runs on one
 * --out cannot both proceed; a diverging run leaves the best model as it was; a finished run started
 * again changes nothing; other settings are refused with the differences listed.
 */
class TrainingStateTest {
    static final String CORPUS = "data/demo-corpus";

    static String[] am(Path out, String... more) {
        List<String> a = new ArrayList<>(List.of("train-am", "--corpus", CORPUS, "--out", out.toString(), "--model", "lstm", "--hidden", "16",
                "--layers", "1", "--streams", "8", "--patience", "5", "--jobs", "1"));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    static String[] plm(Path out, String... more) {
        List<String> a = new ArrayList<>(List.of("train-plm", "--corpus", CORPUS, "--out", out.toString(), "--cell", "rnn", "--hidden", "8", "--patience", "5"));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    /** A child JVM running carousel as the launcher does (no JVM flag for repeatable math: the kernels repeat by construction); its output is collected. */
    static final class Child {
        final Process process;
        final List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());
        volatile long trainingStart;   // System.nanoTime() when the "data:" line (features done, training begins) came; 0: not yet

        Child(String... args) throws IOException {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xss16m",
                    "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")), "carousel.cli.Main"));
            cmd.addAll(List.of(args));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().put("CAROUSEL_THREADS", "1");
            process = pb.start();
            Thread reader = new Thread(() -> {
                try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream(), java.nio.charset.StandardCharsets.UTF_8))) {
                    for (String l; (l = in.readLine()) != null; ) {
                        if (l.startsWith("data:")) trainingStart = System.nanoTime();
                        lines.add(l);
                    }
                } catch (IOException e) {
                    lines.add("(output lost: " + e.getMessage() + ")");
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        String last() {
            synchronized (lines) {
                for (int i = lines.size() - 1; i >= 0; i--) if (!lines.get(i).startsWith("WARNING")) return lines.get(i).trim();
                return "(nothing)";
            }
        }

        /** Waits until training has begun (true) or the process ended (false). */
        boolean awaitTraining() throws InterruptedException {
            while (trainingStart == 0 && process.isAlive()) Thread.sleep(5);
            return trainingStart != 0;
        }

        int finish() throws InterruptedException {
            assertTrue(process.waitFor(180, TimeUnit.SECONDS), "child timed out: " + lines);
            return process.exitValue();
        }

        @Override public String toString() { return String.join("\n", lines); }
    }

    /** Every regular file under dir (relative path → bytes). */
    static Map<String, byte[]> files(Path dir) throws IOException {
        Map<String, byte[]> m = new TreeMap<>();
        try (var s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) m.put(dir.relativize(p).toString(), Files.readAllBytes(p));
        }
        return m;
    }

    static void assertSameFiles(Map<String, byte[]> expected, Map<String, byte[]> actual, String what) {
        assertEquals(expected.keySet(), actual.keySet(), what);
        for (String k : expected.keySet()) assertArrayEquals(expected.get(k), actual.get(k), what + ": " + k);
    }

    /**
     * One kill while features are computed, three at random moments of the training (timed from the
     * uninterrupted run's training time), each with SIGKILL; then the run is resumed to its end. The
     * model files must equal the uninterrupted run's byte for byte, with no temporary files left. Also with
     * every augmentation on (each epoch's utterances computed anew from seed, epoch and utterance).
     */
    @ParameterizedTest(name = "augmented {0}")
    @ValueSource(booleans = {false, true})
    void killedAtRandomMomentsAndResumedEndsWithTheBitsOfAnUninterruptedRun(boolean augmented, @TempDir Path tmp) throws Exception {
        Path whole = tmp.resolve("whole"), killed = tmp.resolve("killed");
        String[] more = augmented ? new String[]{"--epochs", "3", "--speed-perturb", "0.9,1.0,1.1", "--reverb-rt60", "0.2,0.8", "--noise-snr", "0,20",
                "--spec-augment", "2,8,2,20"} : new String[]{"--epochs", "3"};
        long t0 = System.nanoTime();
        Child w = new Child(am(whole, more));
        assertTrue(w.awaitTraining(), w.toString());
        long startupMillis = (w.trainingStart - t0) / 1_000_000;
        assertEquals(0, w.finish(), w.toString());
        long trainingMillis = (System.nanoTime() - w.trainingStart) / 1_000_000;

        Random r = new Random(20261207);
        List<String> kills = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            Child c = new Child(am(killed, more));
            long at;
            if (k == 0) {
                at = (long) (r.nextDouble() * startupMillis);
                Thread.sleep(at);
            } else {
                if (!c.awaitTraining()) { c.finish(); continue; }
                at = (long) (r.nextDouble() * 0.7 * trainingMillis);
                Thread.sleep(at);
            }
            if (c.process.isAlive()) {
                c.process.destroyForcibly();   // SIGKILL
                kills.add((k == 0 ? "startup+" : "training+") + at + " ms after \"" + c.last() + "\"");
            }
            c.process.waitFor(30, TimeUnit.SECONDS);
        }
        Child last = new Child(am(killed, more));
        assertEquals(0, last.finish(), last.toString());
        assertTrue(kills.size() >= 2, "too few kills landed: " + kills);

        Map<String, byte[]> a = files(whole.resolve("model")), b = files(killed.resolve("model"));
        assertEquals(List.of("am.json", "config.json", "model.safetensors", "provenance.json"), List.copyOf(a.keySet()));
        // provenance.json records dates, times and the resumptions; the rest is the same bits
        Map<String, Object> pa = carousel.io.Json.parseObject(new String(a.remove("provenance.json"), java.nio.charset.StandardCharsets.UTF_8), "whole");
        Map<String, Object> pb = carousel.io.Json.parseObject(new String(b.remove("provenance.json"), java.nio.charset.StandardCharsets.UTF_8), "killed");
        assertSameFiles(a, b, "killed " + kills + " and resumed");
        assertEquals(pa.get("corpus"), pb.get("corpus"));
        Map<?, ?> ta = (Map<?, ?>) pa.get("training"), tb = (Map<?, ?>) pb.get("training");
        for (String k : List.of("epochs_run", "best_epoch", "train_ce", "dev_ce", "dev_frame_accuracy", "ended")) assertEquals(ta.get(k), tb.get(k), k);
        assertEquals(List.of(am(killed, more)), ((List<?>) pb.get("command")).subList(1, ((List<?>) pb.get("command")).size()));
        try (var s = Files.walk(killed)) {
            List<Path> litter = s.filter(f -> f.getFileName().toString().endsWith(".part") || f.getFileName().toString().endsWith(".new")
                    || f.getFileName().toString().endsWith(".old")).toList();
            assertTrue(litter.isEmpty(), "left behind: " + litter);
        }
        assertEquals(3, ((List<?>) carousel.io.Json.read(killed.resolve("history.json"))).size());
        System.out.println("kills survived: " + kills);
    }

    @Test
    void aPhoneModelKilledAtRandomMomentsResumesToTheBitsOfAnUninterruptedRun(@TempDir Path tmp) throws Exception {
        Path whole = tmp.resolve("whole"), killed = tmp.resolve("killed");
        long t0 = System.nanoTime();
        Child w = new Child(plm(whole, "--epochs", "10"));
        assertEquals(0, w.finish(), w.toString());
        long runMillis = (System.nanoTime() - t0) / 1_000_000;
        Random r = new Random(7);
        List<String> kills = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            Child c = new Child(plm(killed, "--epochs", "10"));
            long at = (long) ((0.3 + 0.6 * r.nextDouble()) * runMillis);   // past most of the JVM's start-up
            Thread.sleep(at);
            if (c.process.isAlive()) {
                c.process.destroyForcibly();   // SIGKILL
                kills.add(at + " ms after \"" + c.last() + "\"");
            }
            c.process.waitFor(30, TimeUnit.SECONDS);
        }
        Child last = new Child(plm(killed, "--epochs", "10"));
        assertEquals(0, last.finish(), last.toString());
        Map<String, byte[]> a = files(whole), b = files(killed);
        // the model files (provenance.json records dates and resumptions; checkpoints, history and locks differ in time)
        a.keySet().retainAll(List.of("config.json", "model.safetensors", "plm.json"));
        b.keySet().retainAll(List.of("config.json", "model.safetensors", "plm.json"));
        assertEquals(3, a.size(), a.keySet().toString());
        assertSameFiles(a, b, "killed " + kills + " and resumed");
        System.out.println("train-plm kills: " + kills);
    }

    @Test
    void twoRunsOnOneOutCannotBothProceed(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("run");
        Child child = new Child(am(out, "--epochs", "50"));
        Process c = child.process;
        try {
            Path lock = out.resolve(".lock");
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!(Files.exists(lock) && Files.readString(lock).contains("pid " + c.pid())) && System.nanoTime() < deadline) Thread.sleep(50);
            assertTrue(c.isAlive(), child.toString());
            CliRun second = CliRun.of(am(out, "--epochs", "50"));
            assertEquals(1, second.exit(), second.toString());
            assertTrue(second.err().contains("in use by another training run (pid " + c.pid() + ", started "), second.toString());
            assertTrue(c.isAlive(), "the first run goes on");
        } finally {
            c.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        // once the holder is gone (killed: the operating system drops its lock), the run can be taken over
        CliRun after = CliRun.of(am(out, "--epochs", "1"));
        assertEquals(0, after.exit(), after.toString());
    }

    @Test
    void aDivergingAcousticModelRunStopsAndLeavesTheBestModelAsItWas(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("am");
        CliRun first = CliRun.of(am(out, "--epochs", "1"));
        assertEquals(0, first.exit(), first.toString());
        Map<String, byte[]> model = files(out.resolve("model"));

        CliRun wild = CliRun.of(am(out, "--epochs", "3", "--lr", "1000", "--override"));
        assertEquals(1, wild.exit(), wild.toString());
        assertTrue(wild.err().contains("training diverged at epoch 2") && wild.err().contains("best model (epoch 1)"), wild.toString());
        assertSameFiles(model, files(out.resolve("model")), "best model after divergence");

        CliRun again = CliRun.of(am(out, "--epochs", "3", "--lr", "1000"));
        assertEquals(2, again.exit(), again.toString());
        assertTrue(again.err().contains("this run diverged"), again.toString());
        assertSameFiles(model, files(out.resolve("model")), "best model after a refused restart");

        // with a sane rate again (--override), the run goes on from the checkpoint after epoch 1
        CliRun sane = CliRun.of(am(out, "--epochs", "2", "--override"));
        assertEquals(0, sane.exit(), sane.toString());
        assertTrue(sane.err().contains("resumed from") && sane.err().contains("after epoch 1") && sane.err().contains("epoch 2/2:"), sane.toString());
    }

    @Test
    void aDivergingPhoneModelRunStopsAndLeavesTheModelAsItWas(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("plm");
        CliRun first = CliRun.of(plm(out, "--epochs", "2"));
        assertEquals(0, first.exit(), first.toString());
        Map<String, byte[]> before = files(out);
        before.keySet().removeIf(k -> !k.equals("model.safetensors") && !k.equals("config.json") && !k.equals("plm.json"));

        CliRun wild = CliRun.of(plm(out, "--epochs", "4", "--lr", "1000", "--override"));
        assertEquals(1, wild.exit(), wild.toString());
        assertTrue(wild.err().contains("training diverged at epoch 3"), wild.toString());
        Map<String, byte[]> after = files(out);
        after.keySet().retainAll(before.keySet());
        assertSameFiles(before, after, "phone model after divergence");

        // from scratch: nothing is written in place of a model
        Path fresh = tmp.resolve("fresh");
        CliRun diverging = CliRun.of(plm(fresh, "--lr", "1000"));
        assertEquals(1, diverging.exit(), diverging.toString());
        assertTrue(diverging.err().contains("diverged at epoch 1") && diverging.err().contains("no model was written"), diverging.toString());
        assertFalse(Files.exists(fresh.resolve("model.safetensors")));
    }

    @Test
    void aFinishedRunStartedAgainChangesNothing(@TempDir Path tmp) throws Exception {
        Path am = tmp.resolve("am"), plm = tmp.resolve("plm");
        assertEquals(0, CliRun.of(am(am, "--epochs", "2")).exit());
        assertEquals(0, CliRun.of(plm(plm, "--epochs", "2")).exit());
        Map<String, byte[]> amFiles = files(am), plmFiles = files(plm);

        CliRun again = CliRun.of(am(am, "--epochs", "2"));
        assertEquals(0, again.exit(), again.toString());
        assertTrue(again.err().contains("holds a finished run (2 epochs done"), again.toString());
        assertSameFiles(amFiles, files(am), "train-am started again");

        CliRun plmAgain = CliRun.of(plm(plm, "--epochs", "2"));
        assertEquals(0, plmAgain.exit(), plmAgain.toString());
        assertTrue(plmAgain.err().contains("holds a finished run"), plmAgain.toString());
        assertSameFiles(plmFiles, files(plm), "train-plm started again");
    }

    @Test
    void resumingWithOtherSettingsIsRefusedWithTheDifferences(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("am");
        CliRun first = CliRun.of(am(out, "--epochs", "1"));
        assertEquals(0, first.exit(), first.toString());
        Map<String, byte[]> before = files(out);

        CliRun other = CliRun.of(am(out, "--epochs", "2", "--lr", "0.01", "--seed", "7"));
        assertEquals(2, other.exit(), other.toString());
        assertTrue(other.err().contains("--lr 0.002 -> 0.01") && other.err().contains("--seed 1 -> 7") && other.err().contains("--override"), other.toString());
        assertSameFiles(before, files(out), "refused run");

        CliRun overridden = CliRun.of(am(out, "--epochs", "2", "--lr", "0.01", "--seed", "7", "--override"));
        assertEquals(0, overridden.exit(), overridden.toString());
        assertTrue(overridden.err().contains("override: going on with changed settings (--lr 0.002 -> 0.01, --seed 1 -> 7)")
                && overridden.err().contains("resumed from") && overridden.err().contains("learning rate back to 1.00e-02"), overridden.toString());
    }
}
