package carousel.cli;

import carousel.speech.corpus.PhoneSet;
import carousel.speech.corpus.Split;
import carousel.speech.decode.PhoneBigram;
import carousel.speech.plm.PhoneTranscripts;
import carousel.speech.plm.PlmTrainer;
import carousel.train.Provenance;
import carousel.train.RunDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/** {@code carousel train-plm}: a recurrent phone language model on a corpus's TRAIN transcripts. */
@Command(name = "train-plm", mixinStandardHelpOptions = true,
        description = {"Trains a recurrent phone language model (LSTM or simple RNN over the 48 TIMIT phones with sentence boundaries;",
                "Boulanger-Lewandowski et al., ICASSP 2014) on the TRAIN transcripts of a TIMIT-layout corpus (.PHN folded 61 -> 48,",
                "runs merged), full BPTT over padded batches of sentences, holding out training speakers for early stopping. A",
                "Witten-Bell phone bigram is estimated from the same sentences; both models' perplexities on the held-out speakers",
                "and on TEST are printed side by side (M counts every phone and one </s> per sentence; <s> is given). Writes OUT",
                "(config.json, model.safetensors, plm.json, phone-bigram.arpa, history.tsv; checkpoints, history.json, report.md).",
                "An interrupted run started again resumes from its last epoch; one run per --out at a time; a finished run",
                "started again changes nothing; other settings than the run's are refused unless --override; a diverging run",
                "stops (exit 1) and leaves the model in OUT as it was.",
                "Example: carousel train-plm --corpus data/demo-corpus --out runs/plm-lstm --cell lstm --hidden 128"})
public final class TrainPlmCommand implements Callable<Integer> {
    @Option(names = "--corpus", required = true, description = "TIMIT-layout corpus root.") Path corpus;
    @Option(names = "--out", required = true, description = "Model directory to write.") Path out;
    @Option(names = "--cell", defaultValue = "lstm", description = "lstm or rnn (tanh) (default ${DEFAULT-VALUE}).") String cell;
    @Option(names = "--hidden", defaultValue = "128", description = "Cells or units per layer (default ${DEFAULT-VALUE}).") int hidden;
    @Option(names = "--layers", defaultValue = "1", description = "Recurrent layers (default ${DEFAULT-VALUE}).") int layers;
    @Option(names = "--epochs", defaultValue = "60", description = "Maximum epochs (default ${DEFAULT-VALUE}).") int epochs;
    @Option(names = "--batch", defaultValue = "8", description = "Sentences per update (default ${DEFAULT-VALUE}).") int batch;
    @Option(names = "--lr", defaultValue = "0.005", description = "Adam learning rate, halved after an epoch without held-out improvement (default ${DEFAULT-VALUE}).") double lr;
    @Option(names = "--weight-decay", defaultValue = "0", description = "L2 weight decay in Adam (default ${DEFAULT-VALUE}).") double weightDecay;
    @Option(names = "--clip", defaultValue = "5", description = "Gradient clipping by global norm, 0 = off (default ${DEFAULT-VALUE}).") double clip;
    @Option(names = "--patience", defaultValue = "5", description = "Epochs without held-out improvement before stopping (default ${DEFAULT-VALUE}).") int patience;
    @Option(names = "--dev-speakers", defaultValue = "2", description = "Training speakers held out (the rule train-am uses, so the same speakers; default ${DEFAULT-VALUE}).") int devSpeakers;
    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default ${DEFAULT-VALUE}).") long seed;
    @Spec CommandSpec spec;
    @Option(names = "--override", description = "Resume a run in --out with settings other than those it was started with (they apply from the next epoch).") boolean override;

    /** The training options these command-line options name (their defaults are {@link PlmTrainer.Options#DEFAULTS}). */
    PlmTrainer.Options options() {
        return PlmTrainer.Options.builder().cell(PlmTrainer.cell(cell)).hidden(hidden).layers(layers).epochs(epochs)
                .batchSize(batch).lr(lr).weightDecay(weightDecay).clip(clip).patience(patience).seed(seed).build();
    }

    @Override
    public Integer call() throws Exception {
        PlmTrainer.Options o = options();
        if (devSpeakers < 1) throw new IllegalArgumentException("--dev-speakers must be >= 1: early stopping needs held-out sentences");
        PhoneSet phones = PhoneSet.TIMIT_48;
        long t0 = System.nanoTime();
        List<PhoneTranscripts.Sentence> all = PhoneTranscripts.load(corpus, phones, System.err);
        List<PhoneTranscripts.Sentence> trainAll = all.stream().filter(s -> s.split() == Split.TRAIN).toList();
        List<PhoneTranscripts.Sentence> test = all.stream().filter(s -> s.split() == Split.TEST).toList();
        if (trainAll.isEmpty()) throw new IllegalArgumentException(corpus + ": no TRAIN transcripts");
        TreeSet<String> dev = PhoneTranscripts.devSpeakers(trainAll.stream().map(PhoneTranscripts.Sentence::speaker).toList(), devSpeakers);
        List<int[]> fit = PhoneTranscripts.phones(trainAll.stream().filter(s -> !dev.contains(s.speaker())).toList());
        List<int[]> held = PhoneTranscripts.phones(trainAll.stream().filter(s -> dev.contains(s.speaker())).toList());
        List<int[]> testPhones = PhoneTranscripts.phones(test);
        System.err.printf("held out speakers %s: %d sentences; training on %d sentences%n", dev, held.size(), fit.size());

        PlmTrainer trainer = new PlmTrainer(o, System.out);
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("--corpus", corpus.toAbsolutePath().normalize().toString());
        settings.put("--dev-speakers", Integer.toString(devSpeakers));
        settings.putAll(trainer.settings());
        PhoneBigram bigram = PhoneBigram.estimate(phones, fit);
        PlmTrainer.Result r;
        try (RunDirectory run = RunDirectory.open(out, settings, override, System.err)) {
            String finished = run.finished(epochs);
            if (finished != null) {
                System.err.println(finished);
                System.out.printf("model: %s%n", out);
                return 0;
            }
            r = trainer.train(phones, fit, held, run, new Provenance.Origin(Main.commandLine(spec), corpus.toAbsolutePath().normalize().toString(), seed),
                    res -> writeModel(res, bigram, fit, held, dev));
        }
        double bigramDev = bigram.perplexity(held), plmDev = r.devPerplexity();
        double bigramTest = testPhones.isEmpty() ? Double.NaN : bigram.perplexity(testPhones);
        double plmTest = testPhones.isEmpty() ? Double.NaN : r.model().perplexity(testPhones);

        long devTokens = held.stream().mapToLong(s -> s.length + 1).sum(), testTokens = testPhones.stream().mapToLong(s -> s.length + 1).sum();
        System.out.printf(Locale.ROOT, "%nheld-out perplexity over 48 phones + </s> (M = phones + one </s> per sentence; <s> given)%n");
        System.out.printf(Locale.ROOT, "%-28s %22s %22s%n", "model", "dev (" + held.size() + " sent, " + devTokens + ")", "TEST (" + testPhones.size() + " sent, " + testTokens + ")");
        System.out.printf(Locale.ROOT, "%-28s %22.3f %22.3f%n", "bigram (Witten-Bell)", bigramDev, bigramTest);
        System.out.printf(Locale.ROOT, "%-28s %22.3f %22.3f%n", cell + " " + layers + "x" + hidden + " (epoch " + r.bestEpoch() + ")", plmDev, plmTest);
        System.out.printf(Locale.ROOT, "model: %s (plm.json, phone-bigram.arpa, history.tsv)%ntotal %.1f s%n", out, (System.nanoTime() - t0) / 1e9);
        return 0;
    }

    /** The model directory's files, each replaced atomically: the best model with its training record, the bigram, history.tsv. */
    private void writeModel(PlmTrainer.Result r, PhoneBigram bigram, List<int[]> fit, List<int[]> held, TreeSet<String> dev) throws java.io.IOException {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("corpus", corpus.toString());
        info.put("cell", cell);
        info.put("hidden_size", (long) hidden);
        info.put("num_layers", (long) layers);
        info.put("training_sentences", (long) fit.size());
        info.put("dev_speakers", new ArrayList<Object>(dev));
        info.put("best_epoch", (long) r.bestEpoch());
        info.put("epochs_run", (long) r.history().size());
        info.put("dev_perplexity", r.devPerplexity());
        info.put("bigram_dev_perplexity", bigram.perplexity(held));
        info.put("learning_rate", lr);
        info.put("weight_decay", weightDecay);
        info.put("seed", seed);
        r.model().save(out, info);
        Path provenance = Files.createTempFile(out, Provenance.FILE, ".part");   // the best model's record (PlmTrainer keeps it in checkpoints/best-model)
        Files.copy(out.resolve("checkpoints").resolve("best-model").resolve(Provenance.FILE), provenance, StandardCopyOption.REPLACE_EXISTING);
        Files.move(provenance, out.resolve(Provenance.FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Path arpa = Files.createTempFile(out, "phone-bigram.arpa", ".part");
        bigram.save(arpa);
        Files.move(arpa, out.resolve("phone-bigram.arpa"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        StringBuilder hist = new StringBuilder("epoch\ttrain_perplexity\tdev_perplexity\tlearning_rate\tseconds\n");
        for (PlmTrainer.Epoch e : r.history())
            hist.append(String.format(Locale.ROOT, "%d\t%.4f\t%.4f\t%.3g\t%.2f%n", e.epoch(), e.trainPerplexity(), e.devPerplexity(), e.learningRate(), e.seconds()));
        Path tsv = Files.createTempFile(out, "history.tsv", ".part");
        Files.writeString(tsv, hist.toString());
        Files.move(tsv, out.resolve("history.tsv"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
