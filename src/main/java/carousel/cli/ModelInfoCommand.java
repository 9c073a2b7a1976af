package carousel.cli;

import carousel.speech.am.AcousticModel;
import carousel.speech.am.AmConfig;

import carousel.io.FormatException;
import carousel.io.Json;
import carousel.io.SafeTensorInfo;
import carousel.io.SafeTensors;
import carousel.io.SafeTensorsHeader;
import carousel.model.ModelConfig;
import carousel.model.ModelFiles;
import carousel.train.Provenance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code carousel model info DIR}: what a model directory holds, read from its files' headers without
 * loading the weights: the network's config, its tensors and parameter count (checked against the
 * config), what kind of model it is (acoustic: am.json; phone model: plm.json), and how it was made
 * ({@link Provenance}'s provenance.json, one line per field).
 */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = {"Prints a model directory's config (config.json), tensors and parameter count (model.safetensors, header only),",
                "its kind (acoustic model: am.json; phone model: plm.json) and how it was made (provenance.json: command line,",
                "seed, corpus and counts, Carousel version and commit, date, training time, best epoch's figures).",
                "Example: carousel model info runs/lstmp/model"})
public final class ModelInfoCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "The model directory.")
    Path dir;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(dir)) throw new NoSuchFileException(dir.toString(), null, "not a model directory");
        ModelConfig cfg = ModelFiles.readConfig(dir);
        System.out.println("model: " + dir);
        String kind = Files.isRegularFile(dir.resolve("am.json")) ? "acoustic model (am.json)"
                : Files.isRegularFile(dir.resolve("plm.json")) ? "phone model (plm.json)" : "sequence model";
        System.out.println("kind: " + kind);
        if (Files.isRegularFile(dir.resolve(AcousticModel.AM_FILE))) {
            Path amf = dir.resolve(AcousticModel.AM_FILE);
            AmConfig am = AmConfig.fromJson(Json.readObject(amf), amf.toString());
            System.out.println("targets: " + am.targetsName() + (am.tying() == null ? "" : ", tree " + dir.resolve(AmConfig.TREE_FILE)
                    + " (" + am.tying().questions().size() + " questions), refining " + am.targets().numClasses() + " context-independent states"));
        }
        System.out.println("config (" + ModelFiles.CONFIG + "):");
        ModelFiles.toJson(cfg).forEach((k, v) -> System.out.println("  " + k + " = " + v));
        Path wf = dir.resolve(ModelFiles.WEIGHTS);
        if (!Files.isRegularFile(wf)) throw new NoSuchFileException(wf.toString(), null, "a model directory needs " + ModelFiles.WEIGHTS);
        SafeTensorsHeader header = SafeTensors.readHeader(wf);
        long params = 0;
        System.out.println("tensors (" + ModelFiles.WEIGHTS + "):");
        for (Map.Entry<String, SafeTensorInfo> e : header.tensors().entrySet()) {
            long n = Arrays.stream(e.getValue().shape()).asLongStream().reduce(1, (a, b) -> a * b);
            params += n;
            System.out.printf(Locale.ROOT, "  %-28s %s %s%n", e.getKey(), e.getValue().dtype(), Arrays.toString(e.getValue().shape()));
        }
        if (params != cfg.parameterCount())
            throw new FormatException(wf.toString(), "holds " + params + " parameters, the model of " + ModelFiles.CONFIG + " has " + cfg.parameterCount());
        System.out.printf(Locale.ROOT, "parameters: %,d%n", params);
        Path pf = dir.resolve(Provenance.FILE);
        if (!Files.isRegularFile(pf)) {
            System.out.println("provenance: none (no " + Provenance.FILE + ": trained before Carousel wrote one, or elsewhere)");
            return 0;
        }
        System.out.println("provenance (" + Provenance.FILE + "):");
        print("  ", Json.readObject(pf));
        return 0;
    }

    /** One line per field, nested objects indented; a list on one line (a command line reads as typed; command lines joined by "; "). */
    private static void print(String indent, Map<String, Object> m) {
        for (Map.Entry<String, Object> e : m.entrySet()) {
            if (e.getValue() instanceof Map<?, ?> sub) {
                System.out.println(indent + e.getKey() + ":");
                @SuppressWarnings("unchecked") Map<String, Object> s = (Map<String, Object>) sub;
                print(indent + "  ", s);
            } else if (e.getValue() instanceof List<?> l) {
                List<String> items = l.stream().map(String::valueOf).toList();
                System.out.println(indent + e.getKey() + " = " + String.join(items.stream().anyMatch(i -> i.contains(" ")) ? "; " : " ", items));
            } else {
                System.out.println(indent + e.getKey() + " = " + e.getValue());
            }
        }
    }
}
