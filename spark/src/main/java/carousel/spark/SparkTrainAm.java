package carousel.spark;

import carousel.cli.AmTrainingOptions;
import carousel.model.Cell;
import carousel.model.ModelConfig;
import carousel.model.SequenceModel;
import carousel.speech.am.AcousticModel;
import carousel.speech.am.AmArchitecture;
import carousel.speech.am.AmConfig;
import carousel.speech.am.AmTrainer;
import carousel.speech.corpus.Split;
import carousel.speech.dataset.AcousticCorpus;
import carousel.speech.dataset.TargetSet;
import carousel.speech.feature.FeaturePipeline;
import carousel.speech.recognize.Recognizer;
import carousel.tensor.Backend;
import carousel.tensor.DType;
import carousel.tensor.Rng;
import carousel.train.Adam;
import carousel.train.LearningRate;
import carousel.train.EpochLoop;
import carousel.train.History;
import carousel.train.Provenance;
import carousel.train.RunDirectory;
import carousel.train.Trainer;
import carousel.train.TruncatedBptt;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/**
 * {@code carousel-spark train-am}: the acoustic model of {@code carousel train-am}, trained on Spark.
 * Features and frame targets are computed on the driver (AcousticCorpus), written as one shard per
 * partition, and trained on by {@link SparkTrainer}; the driver evaluates on held-out training
 * speakers after each epoch, halves the learning rate when that stops improving, keeps the best model
 * and writes a checkpoint (an interrupted run started again with the same --out resumes after its
 * last finished epoch): the one {@link EpochLoop} of {@code carousel train-am}, with its lock,
 * settings check, finished-run and divergence rules.
 */
@Command(name = "carousel-spark train-am", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Trains a frame-level acoustic model (LSTM, LSTMP, simple RNN or DNN) on the TRAIN part of a TIMIT-layout corpus",
                "on Apache Spark: N partitions, each with its own truncated-BPTT utterance streams, gradients averaged every step",
                "(--mode sync) or weights every K steps (--mode average). Writes OUT/model (config.json, model.safetensors, am.json),",
                "OUT/checkpoints, OUT/history.json, OUT/training-curve.png and the feature shards (OUT/shards unless --shards).",
                "Example: carousel-spark train-am --corpus data/demo-corpus --out runs/spark --partitions 2 --model lstm --hidden 64 --epochs 5"})
public final class SparkTrainAm implements Callable<Integer> {
    @Option(names = "--corpus", required = true, description = "TIMIT-layout corpus root (read by the driver).") Path corpus;
    @Option(names = "--out", required = true, description = "Run directory (the driver's).") Path out;
    @Option(names = "--partitions", defaultValue = "2", description = "Data partitions, i.e. parallel tasks per step (default ${DEFAULT-VALUE}).") int partitions;
    @Option(names = "--master", description = "Spark master; default: the one spark-submit sets, else local[PARTITIONS,4] (4 attempts per task).") String master;
    @Option(names = "--shards", description = "Where to write the feature shards; executors must be able to read it (default OUT/shards). Hadoop paths (hdfs://...) work.") String shards;
    @Option(names = "--mode", defaultValue = "sync", description = "sync (gradient averaging every step) or average (model averaging every --average-every steps; default ${DEFAULT-VALUE}).") String mode;
    @Option(names = "--average-every", defaultValue = "4", description = "Local steps per model-averaging round (default ${DEFAULT-VALUE}).") int averageEvery;
    @Option(names = "--streams", defaultValue = "8", description = "Utterance streams per partition; a step's batch is up to PARTITIONS x STREAMS (default ${DEFAULT-VALUE}).") int streams;
    @Mixin AmTrainingOptions training;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    /** A running context to train in (tests share one); null: make one from --master and stop it at the end. */
    JavaSparkContext sparkContext;
    PrintStream log = System.err;

    public static void main(String[] args) { System.exit(execute(args)); }

    /** Runs the command; errors become one line and exit status 2 (usage) or 1 (failure), CAROUSEL_DEBUG=1 for stack traces. */
    public static int execute(String... args) { return execute(new SparkTrainAm(), args); }

    static int execute(SparkTrainAm command, String... args) {
        CommandLine cl = new CommandLine(command);
        // the core's one error path: bad input one line and exit 2, other failures exit 1, stack traces with CAROUSEL_DEBUG=1
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> carousel.cli.Main.report(ex, "carousel-spark train-am",
                commandLine.getErr(), System.getenv("CAROUSEL_DEBUG") != null && !System.getenv("CAROUSEL_DEBUG").equals("0")));
        return cl.execute(args);
    }

    @Override
    public Integer call() throws Exception {
        SparkTrainer.Mode mode = SparkTrainer.Mode.parse(this.mode);
        if (training.architecture() == AmArchitecture.BLSTM) throw new IllegalArgumentException("blstm needs whole utterances per step; use carousel train-am for it");
        if (partitions < 1) throw new IllegalArgumentException("--partitions must be at least 1, got " + partitions);
        AmTrainer.Options o = training.options(streams);
        if (o.rejectWorse()) throw new IllegalArgumentException("--reject-worse is carousel train-am's; the Spark trainer keeps every epoch");
        if (o.trainProducts() != carousel.tensor.Products.F32) throw new IllegalArgumentException("--train-products " + o.trainProducts().configName() + " is carousel train-am's; the Spark trainer's products are float32");
        SparkTrainer.Options so = mode == SparkTrainer.Mode.SYNCHRONOUS ? SparkTrainer.Options.synchronous(streams, o.chunk(), o.seed())
                : SparkTrainer.Options.averaging(streams, o.chunk(), averageEvery, o.seed());
        // In local mode the tasks are the parallelism: one BLAS thread each unless told otherwise.
        Backend.defaultThreads(1);
        long t0 = System.nanoTime();

        FeaturePipeline spec = training.features();
        TargetSet set = training.targets();
        AmTrainer amTrainer = new AmTrainer(o, log, Recognizer.DEV_FRAME_ACCURACY);
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("--corpus", corpus.toAbsolutePath().normalize().toString());
        settings.put("--partitions", Integer.toString(partitions));
        settings.put("--mode", mode.configName());
        settings.put("--average-every", Integer.toString(averageEvery));
        settings.putAll(amTrainer.settings(spec, set));
        try (RunDirectory run = RunDirectory.open(out, settings, training.override(), log)) {
            String finished = run.finished(o.epochs());
            if (finished != null) {
                log.println(finished);
                return 0;
            }
            train(run, so, o, spec, set, amTrainer);
        }
        log.printf(Locale.ROOT, "total %.0f s%n", (System.nanoTime() - t0) / 1e9);
        return 0;
    }

    private void train(RunDirectory run, SparkTrainer.Options so, AmTrainer.Options o, FeaturePipeline spec, TargetSet set, AmTrainer amTrainer) throws Exception {
        // TEST is read only by decode: training and its report use the TRAIN split (development speakers held out)
        AcousticCorpus data = AcousticCorpus.load(corpus, spec, set, AcousticCorpus.Part.FEATURES, AcousticCorpus.Part.NONE,
                training.featureThreads(), log);
        List<AcousticCorpus.Utt> all = data.split(Split.TRAIN);
        TreeSet<String> dev = AmTrainer.devSpeakers(all, o.devSpeakers());
        List<AcousticCorpus.Utt> train = all.stream().filter(u -> !dev.contains(u.speaker())).toList();
        List<AcousticCorpus.Utt> devUtts = all.stream().filter(u -> dev.contains(u.speaker())).toList();
        if (train.isEmpty()) throw new IllegalArgumentException("no training utterances left after holding out development speakers");
        AmConfig am = amTrainer.amConfig(train, spec, set);
        List<TruncatedBptt.Sequence> trainSeqs = AmTrainer.sequences(train, am), devSeqs = AmTrainer.sequences(devUtts, am);
        ModelConfig mc = amTrainer.modelConfig(am.inputSize(), set.numClasses());
        SequenceModel net = new SequenceModel(mc, DType.F32);
        net.initialize(new Rng(o.seed()), 1 / Math.sqrt(o.hidden()), mc.cell() == Cell.LSTM ? new double[]{0, 1, 0, 0} : null);

        Files.createDirectories(out);
        String shardDir = shards != null ? shards : out.resolve("shards").toUri().toString();
        FeatureShards.write(shardDir, LabelledSequence.of(trainSeqs), partitions);
        long frames = 0;
        for (TruncatedBptt.Sequence s : trainSeqs) for (int y : s.labels()) if (y >= 0) frames++;

        boolean own = sparkContext == null;
        JavaSparkContext sc = own ? new JavaSparkContext(sparkConf()) : sparkContext;
        try {
            if (own) sc.setLogLevel("WARN");
            log.printf(Locale.ROOT, "spark %s, master %s, %d partitions x %d streams, %s; Java %s%n", sc.version(), sc.master(), partitions, streams,
                    so.mode() == SparkTrainer.Mode.SYNCHRONOUS ? "gradients averaged every step" : "weights averaged every " + averageEvery + " steps", System.getProperty("java.version"));
            log.printf(Locale.ROOT, "model %s: %,d parameters (%,d bytes per copy); %d classes (%s); %d training utterances (%,d frames), %d development%n",
                    o.model(), net.parameterCount(), 4 * net.parameterCount(), set.numClasses(), set.configName(), train.size(), frames, devUtts.size());
            train(run, sc, so, o, FeatureShards.load(sc, shardDir), net, am, devSeqs, devUtts, dev, AmTrainer.data(train, dev, devUtts.size(), frames, spec), frames, amTrainer);
        } finally {
            if (own) sc.stop();
        }
    }

    private SparkConf sparkConf() {
        SparkConf conf = new SparkConf().setAppName("carousel-spark train-am");
        if (master != null) conf.setMaster(master);
        else conf.setIfMissing("spark.master", "local[" + partitions + ",4]");
        if (conf.get("spark.master").startsWith("local")) {   // local mode: loopback only
            conf.setIfMissing("spark.driver.host", "127.0.0.1");
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        return conf;
    }

    private void train(RunDirectory run, JavaSparkContext sc, SparkTrainer.Options so, AmTrainer.Options o, JavaRDD<LabelledSequence> rdd, SequenceModel net, AmConfig am,
                       List<TruncatedBptt.Sequence> devSeqs, List<AcousticCorpus.Utt> devUtts, Set<String> dev, Provenance.Data data, long frames, AmTrainer amTrainer) throws Exception {
        SparkTrainer st = new SparkTrainer(sc, net, Adam::new, LearningRate.reduceOnPlateau(o.lr(), 0.5, 0, o.lr() / 64), new Trainer.Clipping(o.clip(), 0), so);
        Path bestDir = out.resolve("model");
        EpochLoop loop = new EpochLoop(run, st.trainer(), new Rng(o.seed()), new EpochLoop.Options(o.epochs(), o.patience()), amTrainer.historyNames(), bestDir, log);
        loop.withProvenance(new Provenance.Origin(carousel.cli.Main.commandLine(spec), corpus.toAbsolutePath().normalize().toString(), o.seed()),
                data);
        loop.run(new EpochLoop.Task() {
            double lastTrainLoss = Double.NaN;

            @Override
            public EpochLoop.Figures trainEpoch(int epoch, Rng rng, EpochLoop.Progress progress) {
                // the shuffles come from the seed and the epoch (SparkTrainer.shuffleSeed), so rng is not drawn from
                SparkTrainer.EpochResult r = st.epoch(rdd, epoch - 1, (e, s, n, loss, f) -> progress.update(s + 1, n, loss));
                lastTrainLoss = r.loss();
                return new EpochLoop.Figures(r.loss(), r.frames(), String.format(Locale.ROOT, "%d updates, %.1f MB broadcast + %.1f MB returned",
                        r.updates(), r.broadcastBytes() / 1e6, r.resultBytes() / 1e6));
            }

            @Override
            public double[] evaluate() {
                return amTrainer.devFigures(net, am, devSeqs, devUtts, o.chunk(), lastTrainLoss);
            }

            @Override
            public void saveBest(Path dir, History.Epoch e) throws java.io.IOException {
                new AcousticModel(net, am).save(dir, Map.of("epoch", Integer.toString(e.epoch()), "dev_cross_entropy", Double.toString(e.devLoss()),
                        "trainer", "carousel-spark " + mode + ", " + partitions + " partitions"));
            }

            @Override
            public String reportHeader() {
                return String.format(Locale.ROOT, "# Acoustic model training report (Spark)%n%n- model: %s, %,d parameters; targets %s%n"
                                + "- data: %,d training frames, %d development utterances%n- training: %s, %d partitions x %d streams, chunk %d, Adam lr %s, clip %s, "
                                + "patience %d, seed %d%n%n", o.model(), net.parameterCount(), am.targets().configName(), frames, devSeqs.size(), mode, partitions, streams,
                        o.chunk(), o.lr(), o.clip(), o.patience(), o.seed());
            }

            @Override
            public double chanceLoss() { return Math.log(net.config().outputSize()); }
        });
        if (!Files.exists(bestDir.resolve(AcousticModel.AM_FILE))) throw new IllegalStateException("no epoch finished, so there is no model");
        AcousticModel bestModel = AcousticModel.load(bestDir);
        System.out.printf(Locale.ROOT, "model: %s%n", bestDir);
        if (!devUtts.isEmpty())
            System.out.printf(Locale.ROOT, "dev frame accuracy %.2f%% (39 phones) on %d utterances of the held-out speakers %s%n",
                    100 * Recognizer.frameAccuracy(bestModel, devUtts).accuracy(), devUtts.size(), dev);
        System.out.printf(Locale.ROOT, "training curve: %s%n", out.resolve("training-curve.png"));
    }
}
