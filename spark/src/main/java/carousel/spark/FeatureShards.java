package carousel.spark;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Training sequences stored as shard files, one Spark partition per shard: the form in which a
 * corpus reaches the executors. A task then carries only its shard's name, and a partition lost with
 * its executor is read again from its shard. Paths go through Hadoop's FileSystem, so a directory on
 * a cluster's shared storage ({@code hdfs://}, {@code s3a://} with its connector, or a shared mount)
 * works as a local one does.
 *
 * <p>Format of {@code shard-NNNNN.seq}: magic {@code CSEQ}, version 1, sequence count; then per
 * sequence its id (modified UTF-8), frames T, features per frame I, T·I float32 and T int32 labels,
 * numbers big-endian.
 */
public final class FeatureShards {
    private static final int MAGIC = 0x43534551, VERSION = 1;   // "CSEQ"

    private FeatureShards() {}

    /** Writes the sequences into {@code shards} files under dir, dealt round-robin (sequence i to shard i mod shards). */
    public static void write(String dir, List<LabelledSequence> sequences, int shards) throws IOException {
        if (shards < 1) throw new IllegalArgumentException("number of shards must be at least 1, got " + shards);
        List<List<LabelledSequence>> deal = new ArrayList<>();
        for (int s = 0; s < shards; s++) deal.add(new ArrayList<>());
        for (int i = 0; i < sequences.size(); i++) deal.get(i % shards).add(sequences.get(i));
        Path root = new Path(dir);
        FileSystem fs = root.getFileSystem(new Configuration());
        if (fs.exists(root)) for (FileStatus f : fs.listStatus(root)) if (f.getPath().getName().endsWith(".seq")) fs.delete(f.getPath(), false);
        fs.mkdirs(root);
        for (int s = 0; s < shards; s++) {
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(fs.create(new Path(root, name(s)), true), 1 << 16))) {
                out.writeInt(MAGIC);
                out.writeInt(VERSION);
                out.writeInt(deal.get(s).size());
                for (LabelledSequence q : deal.get(s)) {
                    out.writeUTF(q.id());
                    out.writeInt(q.steps());
                    out.writeInt(q.inputSize());
                    ByteBuffer buf = ByteBuffer.allocate(4 * q.features().length).order(ByteOrder.BIG_ENDIAN);
                    buf.asFloatBuffer().put(q.features());
                    out.write(buf.array());
                    buf = ByteBuffer.allocate(4 * q.steps()).order(ByteOrder.BIG_ENDIAN);
                    buf.asIntBuffer().put(q.labels());
                    out.write(buf.array());
                }
            }
        }
    }

    static String name(int shard) { return String.format("shard-%05d.seq", shard); }

    /** Reads one shard file. */
    public static List<LabelledSequence> read(String file) throws IOException {
        Path p = new Path(file);
        FileSystem fs = p.getFileSystem(new Configuration());
        List<LabelledSequence> out = new ArrayList<>();
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(fs.open(p), 1 << 16))) {
            if (in.readInt() != MAGIC) throw new IOException(file + ": not a Carousel sequence shard (bad magic)");
            int version = in.readInt();
            if (version != VERSION) throw new IOException(file + ": shard format version " + version + ", this reader knows " + VERSION);
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                String id = in.readUTF();
                int steps = in.readInt(), dim = in.readInt();
                if (steps < 1 || dim < 1 || (long) steps * dim > Integer.MAX_VALUE / 4)
                    throw new IOException(file + ": sequence " + id + " claims " + steps + " frames of " + dim + " features");
                byte[] raw = new byte[4 * steps * dim];
                in.readFully(raw);
                float[] feats = new float[steps * dim];
                ByteBuffer.wrap(raw).order(ByteOrder.BIG_ENDIAN).asFloatBuffer().get(feats);
                raw = new byte[4 * steps];
                in.readFully(raw);
                int[] labels = new int[steps];
                ByteBuffer.wrap(raw).order(ByteOrder.BIG_ENDIAN).asIntBuffer().get(labels);
                out.add(new LabelledSequence(id, feats, steps, labels));
            }
        } catch (EOFException e) {
            throw new IOException(file + ": truncated shard", e);
        }
        return out;
    }

    /** The shard files of dir, sorted by name. */
    public static List<String> list(String dir) throws IOException {
        Path root = new Path(dir);
        FileSystem fs = root.getFileSystem(new Configuration());
        List<String> files = new ArrayList<>();
        for (FileStatus f : fs.listStatus(root)) if (f.getPath().getName().endsWith(".seq")) files.add(f.getPath().toString());
        if (files.isEmpty()) throw new IOException(dir + ": no shard-*.seq files");
        files.sort(null);
        return files;
    }

    /**
     * An RDD of the sequences of dir's shards, partition p holding shard p in file order, kept in
     * executor memory (deserialised) for the many steps of an epoch.
     */
    public static JavaRDD<LabelledSequence> load(JavaSparkContext sc, String dir) throws IOException {
        List<String> files = list(dir);
        return sc.parallelize(files, files.size())
                .flatMap(f -> read(f).iterator())
                .setName("sequences in " + dir)
                .persist(StorageLevel.MEMORY_ONLY());
    }
}
