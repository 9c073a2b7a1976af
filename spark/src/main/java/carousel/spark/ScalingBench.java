package carousel.spark;

import carousel.speech.recognize.Recognizer;
import carousel.model.ModelConfig;
import carousel.model.SequenceModel;
import carousel.speech.am.AmConfig;
import carousel.speech.am.AmArchitecture;
import carousel.speech.am.AmTrainer;
import carousel.speech.corpus.Split;
import carousel.speech.dataset.AcousticCorpus;
import carousel.speech.dataset.TargetSet;
import carousel.speech.feature.FeaturePipeline;
import carousel.tensor.Backend;
import carousel.tensor.DType;
import carousel.tensor.Rng;
import carousel.train.Adam;
import carousel.train.LearningRate;
import carousel.train.Trainer;
import carousel.train.TruncatedBptt;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Throughput of Spark training in local mode with 1, 2, ... executor cores, one partition per core:
 * synchronous with the global batch of streams split between the cores (strong scaling) and with a
 * full batch per core (weak scaling), and model averaging; beside the same training on one machine
 * without Spark. With the bytes moved per update (a synchronous step or an averaging round), as
 * counted from the arrays and as Spark measured the task results, and the mean task compute time.
 * One BLAS thread per task (and for the single-machine run).
 */
@Command(name = "carousel-spark scaling", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measures frames/s of synchronous data-parallel training of an LSTM acoustic model on the demo corpus",
                "with local[1], local[2], ... (one partition per core, --streams split between them) and on one machine without Spark.",
                "Example: carousel-spark scaling --corpus data/demo-corpus --hidden 256 --cores 1,2"})
public final class ScalingBench implements Callable<Integer> {
    @Option(names = "--corpus", defaultValue = "data/demo-corpus", description = "TIMIT-layout corpus (default ${DEFAULT-VALUE}).") Path corpus;
    @Option(names = "--hidden", split = ",", defaultValue = "64,256", description = "LSTM cells, one measurement each (default ${DEFAULT-VALUE}).") List<Integer> hidden;
    @Option(names = "--cores", split = ",", defaultValue = "1,2", description = "Executor cores = partitions (default ${DEFAULT-VALUE}).") List<Integer> cores;
    @Option(names = "--streams", defaultValue = "16", description = "Streams of a step over all partitions (default ${DEFAULT-VALUE}).") int streams;
    @Option(names = "--chunk", defaultValue = "20", description = "Truncated BPTT steps (default ${DEFAULT-VALUE}).") int chunk;
    @Option(names = "--average-every", defaultValue = "4", description = "Also measure model averaging every K steps (0: do not; default ${DEFAULT-VALUE}).") int averageEvery;
    @Option(names = "--epochs", defaultValue = "2", description = "Timed epochs, after one untimed warm-up epoch (default ${DEFAULT-VALUE}).") int epochs;

    public static void main(String[] args) {
        Backend.defaultThreads(1);
        System.exit(new CommandLine(new ScalingBench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        for (int c : cores) if (streams % c != 0) throw new IllegalArgumentException("--streams " + streams + " must split evenly over " + c + " cores");
        AcousticCorpus data = AcousticCorpus.load(corpus, FeaturePipeline.fbank40(), TargetSet.STATES, Runtime.getRuntime().availableProcessors(), null);
        List<AcousticCorpus.Utt> train = data.split(Split.TRAIN);
        Path shardRoot = Files.createTempDirectory("carousel-scaling");
        System.out.printf(Locale.ROOT, "Java %s, %d processors; %d utterances; global batch %d streams x %d steps%n%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), train.size(), streams, chunk);
        System.out.println("| LSTM cells | parameters | run | frames/s | ms/update | speed-up | broadcast/update | results/update (arrays) | results/update (Spark) | task compute/update |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        for (int h : hidden) {
            AmTrainer.Options o = AmTrainer.Options.builder().model(AmArchitecture.LSTM).hidden(h).proj(0).layers(1).context(0, 0).chunk(chunk).streams(streams).epochs(1).patience(1).devSpeakers(0).build();
            AmTrainer amt = new AmTrainer(o, System.err, Recognizer.DEV_FRAME_ACCURACY);
            AmConfig am = amt.amConfig(train, FeaturePipeline.fbank40(), TargetSet.STATES);
            List<TruncatedBptt.Sequence> seqs = AmTrainer.sequences(train, am);
            ModelConfig mc = amt.modelConfig(am.inputSize(), TargetSet.STATES.numClasses());
            long params = model(mc).parameterCount();

            // one machine, no Spark: TruncatedBptt with all streams
            SequenceModel m = model(mc);
            Trainer tr = new Trainer(m, new Adam(), LearningRate.constant(0.002), new Trainer.Clipping(5, 0));
            TruncatedBptt tb = new TruncatedBptt(seqs, am.inputSize(), streams, chunk);
            tb.epoch(m, tr, new Rng(SparkTrainer.shuffleSeed(1, 0, 0)), null);
            long f = 0, t0 = System.nanoTime(), updates0 = tr.optimizer().steps();
            for (int e = 1; e <= epochs; e++) {
                long[] n = {0};
                tb.epoch(m, tr, new Rng(SparkTrainer.shuffleSeed(1, e, 0)), (b, l, r, ids, st) -> n[0] += r.frames());
                f += n[0];
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            long steps = tr.optimizer().steps() - updates0;
            System.out.printf(Locale.ROOT, "| %d | %,d | one machine, no Spark | %,.0f | %.1f | | | | | |%n", h, params, f / secs, 1000 * secs / steps);

            for (int c : cores) {
                measure(mc, seqs, h, params, c, streams / c, 1, shardRoot);                  // strong: the global batch split
                if (c > 1) measure(mc, seqs, h, params, c, streams, 1, shardRoot);          // weak: every core a full batch
                if (averageEvery > 1) measure(mc, seqs, h, params, c, streams / c, averageEvery, shardRoot);
            }
        }
        return 0;
    }

    private double base;

    /** One Spark row: c cores and partitions of b streams each, synchronous (k = 1) or averaging every k steps. */
    private void measure(ModelConfig mc, List<TruncatedBptt.Sequence> seqs, int h, long params, int c, int b, int k, Path shardRoot) throws Exception {
        SparkConf conf = new SparkConf().setMaster("local[" + c + "]").setAppName("carousel scaling").set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1");
        JavaSparkContext sc = new JavaSparkContext(conf);
        sc.setLogLevel("WARN");
        AtomicLong resultBytes = new AtomicLong(), runMs = new AtomicLong();
        sc.sc().addSparkListener(new SparkListener() {
            @Override public void onTaskEnd(SparkListenerTaskEnd end) {
                if (end.taskMetrics() == null) return;
                resultBytes.addAndGet(end.taskMetrics().resultSize());
                runMs.addAndGet(end.taskMetrics().executorRunTime());
            }
        });
        try {
            String dir = shardRoot.resolve("h" + h + "-c" + c).toString();
            FeatureShards.write(dir, LabelledSequence.of(seqs), c);
            JavaRDD<LabelledSequence> rdd = FeatureShards.load(sc, dir);
            SparkTrainer.Options o = k == 1 ? SparkTrainer.Options.synchronous(b, chunk, 1) : SparkTrainer.Options.averaging(b, chunk, k, 1);
            SparkTrainer st = new SparkTrainer(sc, model(mc), Adam::new, LearningRate.constant(0.002), new Trainer.Clipping(5, 0), o);
            st.epoch(rdd, 0, null);
            resultBytes.set(0);
            runMs.set(0);
            long frames = 0, updates = 0, down = 0, up = 0;
            double s = 0;
            for (int e = 1; e <= epochs; e++) {
                SparkTrainer.EpochResult r = st.epoch(rdd, e, null);
                frames += r.frames(); updates += r.updates(); s += r.seconds(); down += r.broadcastBytes(); up += r.resultBytes();
            }
            double fps = frames / s;
            if (c == cores.get(0) && k == 1 && b == streams / c) base = fps;
            String run = String.format(Locale.ROOT, "Spark local[%d], %d x %d streams%s", c, c, b, k == 1 ? "" : ", averaging every " + k);
            System.out.printf(Locale.ROOT, "| %d | %,d | %s | %,.0f | %.1f | %.2f | %,d B | %,d B | %,d B | %.1f ms |%n",
                    h, params, run, fps, 1000 * s / updates, fps / base, down / updates, up / updates, resultBytes.get() / updates, (double) runMs.get() / updates / c);
        } finally {
            sc.stop();
        }
    }

    private static SequenceModel model(ModelConfig mc) {
        SequenceModel m = new SequenceModel(mc, DType.F32);
        m.initialize(new Rng(1), 1 / Math.sqrt(mc.hiddenSize()), new double[]{0, 1, 0, 0});
        return m;
    }
}
