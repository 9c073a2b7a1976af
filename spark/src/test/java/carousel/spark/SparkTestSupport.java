package carousel.spark;

import carousel.layer.Param;
import carousel.model.ModelConfig;
import carousel.model.SequenceModel;
import carousel.tensor.DType;
import carousel.tensor.Rng;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** Shared pieces of the Spark tests: a local context, a small learnable sequence task, weight comparison. */
final class SparkTestSupport {
    static final int I = 3, C = 4, DELAY = 2;

    private SparkTestSupport() {}

    /** local[2,4]: two task slots, and up to 4 attempts per task (plain local[n] never retries a task). */
    static JavaSparkContext context(String name) {
        SparkConf conf = new SparkConf().setMaster("local[2,4]").setAppName(name)
                .set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1");   // local mode talks over loopback only
        JavaSparkContext sc = new JavaSparkContext(conf);
        sc.setLogLevel("WARN");
        return sc;
    }

    /**
     * Sequences of I = 3 inputs (two random signs and noise) whose label at t is the class of
     * (sign of input 0 at t − 2, sign of input 1 at t): learnable only by remembering two steps. The
     * first two frames have no label (−1).
     */
    static List<LabelledSequence> delayedXor(long seed, int count, int minLength, int maxLength) {
        Rng rng = new Rng(seed);
        List<LabelledSequence> out = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            int T = minLength + rng.nextInt(maxLength - minLength + 1);
            float[] x = new float[T * I];
            int[] y = new int[T];
            for (int t = 0; t < T; t++) {
                x[t * I] = rng.nextDouble() < 0.5 ? -1 : 1;
                x[t * I + 1] = rng.nextDouble() < 0.5 ? -1 : 1;
                x[t * I + 2] = (float) rng.uniform(-0.5, 0.5);
            }
            for (int t = 0; t < T; t++)
                y[t] = t < DELAY ? -1 : (x[(t - DELAY) * I] > 0 ? 2 : 0) + (x[t * I + 1] > 0 ? 1 : 0);
            out.add(new LabelledSequence("seq" + n, x, T, y));
        }
        return out;
    }

    static SequenceModel lstm(int hidden, long seed) {
        SequenceModel m = new SequenceModel(ModelConfig.lstm(I, hidden, 1, 0, false, C), DType.F32);
        m.initialize(new Rng(seed), 1 / Math.sqrt(hidden), new double[]{0, 1, 0, 0});
        return m;
    }

    /** Null when every weight is bitwise equal, else the worst difference by parameter element. */
    static String firstDifference(SequenceModel a, SequenceModel b) {
        double worst = 0;
        String where = null;
        Iterator<Param> pb = b.params().values().iterator();
        for (Param p : a.params().values()) {
            Param q = pb.next();
            for (int i = 0; i < p.value().size(); i++) {
                float x = p.value().f[i], y = q.value().f[i];
                if (Float.floatToIntBits(x) != Float.floatToIntBits(y)) {
                    double d = Math.abs((double) x - y);
                    if (where == null || d > worst) { worst = d; where = p.name() + "[" + i + "]: " + x + " vs " + y; }
                }
            }
        }
        return where == null ? null : "weights differ; the largest difference is at " + where;
    }
}
