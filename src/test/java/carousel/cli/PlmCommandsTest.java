package carousel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import carousel.io.Json;
import carousel.speech.corpus.PhoneSet;
import carousel.speech.corpus.Split;
import carousel.speech.decode.PhoneBigram;
import carousel.speech.plm.PhoneTranscripts;
import carousel.speech.plm.RnnPhoneModel;
import carousel.train.Provenance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train-plm on the shipped demo corpus (a tiny network, two epochs) and decode-plm's checks of its inputs. */
class PlmCommandsTest {

    @Test
    void trainPlmWritesTheModelAndTheComparison(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("plm");
        CliRun r = CliRun.of("train-plm", "--corpus", "data/demo-corpus", "--out", out.toString(), "--cell", "rnn",
                "--hidden", "8", "--epochs", "2");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("epoch 2: train perplexity"), r.toString());
        for (String f : List.of("config.json", "model.safetensors", "plm.json", "phone-bigram.arpa", "history.tsv")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        // the bigram line is the bigram of the 80 sentences of the 10 speakers not held out, on the other 16
        List<PhoneTranscripts.Sentence> train = PhoneTranscripts.load(Path.of("data/demo-corpus"), PhoneSet.TIMIT_48, null)
                .stream().filter(s -> s.split() == Split.TRAIN).toList();
        var dev = RnnPhoneModel.trainingInfo(out).get("dev_speakers");
        assertEquals(List.of("FEAA0", "MGBP0"), dev);
        List<int[]> fit = PhoneTranscripts.phones(train.stream().filter(s -> !((List<?>) dev).contains(s.speaker())).toList());
        List<int[]> held = PhoneTranscripts.phones(train.stream().filter(s -> ((List<?>) dev).contains(s.speaker())).toList());
        assertEquals(80, fit.size());
        double ppl = PhoneBigram.estimate(PhoneSet.TIMIT_48, fit).perplexity(held);
        String line = r.out().lines().filter(l -> l.startsWith("bigram (Witten-Bell)")).findFirst().orElseThrow();
        assertTrue(line.contains(String.format(Locale.ROOT, "%.3f", ppl)), line + " vs " + ppl);
        // the saved model reproduces its own line
        RnnPhoneModel m = RnnPhoneModel.load(out);
        String rnnLine = r.out().lines().filter(l -> l.startsWith("rnn 1x8")).findFirst().orElseThrow();
        assertTrue(rnnLine.contains(String.format(Locale.ROOT, "%.3f", m.perplexity(held))), rnnLine);
        // how it was made: the command line as given, seed, corpus counts, the best epoch's held-out perplexity
        Map<String, Object> p = Json.readObject(out.resolve(Provenance.FILE));
        assertEquals(List.of("carousel", "train-plm", "--corpus", "data/demo-corpus", "--out", out.toString(), "--cell", "rnn", "--hidden", "8",
                "--epochs", "2"), p.get("command"));
        assertEquals(1L, p.get("seed"));
        Map<?, ?> corpus = (Map<?, ?>) p.get("corpus");
        assertEquals(Path.of("data/demo-corpus").toAbsolutePath().normalize().toString(), corpus.get("path"));
        assertEquals(80L, corpus.get("training_sequences"));
        assertEquals((long) held.size(), corpus.get("development_sequences"));
        assertEquals(fit.stream().mapToLong(s -> s.length + 1).sum(), corpus.get("training_tokens"));
        Map<?, ?> t = (Map<?, ?>) p.get("training");
        assertEquals((long) RnnPhoneModel.trainingInfo(out).get("best_epoch"), t.get("best_epoch"));
        assertEquals(((Number) RnnPhoneModel.trainingInfo(out).get("dev_perplexity")).doubleValue(), ((Number) t.get("dev_perplexity")).doubleValue(), 0);
        assertEquals(2L, t.get("epochs_run"));

        // model info reads it all back: kind, parameters (as the config counts them), provenance
        CliRun info = CliRun.of("model", "info", out.toString());
        assertEquals(0, info.exit(), info.toString());
        assertTrue(info.out().contains("kind: phone model (plm.json)"), info.toString());
        assertTrue(info.out().contains(String.format(Locale.ROOT, "parameters: %,d%n", m.network().config().parameterCount())), info.toString());
        assertTrue(info.out().contains("  command = carousel train-plm --corpus data/demo-corpus --out " + out), info.toString());
        assertTrue(info.out().contains("    best_epoch = " + t.get("best_epoch")), info.toString());
    }

    @Test
    void modelInfoNamesWhatIsMissing(@TempDir Path dir) throws Exception {
        CliRun r = CliRun.of("model", "info", dir.toString());
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("config.json"), r.toString());
    }

    @Test
    void decodePlmNamesWhatIsMissing(@TempDir Path dir) throws Exception {
        CliRun r = CliRun.of("decode-plm", "--am", dir.resolve("none").toString(), "--plm", dir.toString(), "--corpus", "data/demo-corpus");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("am.json"), r.toString());
        CliRun bad = CliRun.of("decode-plm", "--am", dir.toString(), "--plm", dir.toString(), "--corpus", "data/demo-corpus", "--split", "train");
        assertEquals(2, bad.exit(), bad.toString());
        assertTrue(bad.err().contains("--split must be test or dev"), bad.toString());
    }
}
