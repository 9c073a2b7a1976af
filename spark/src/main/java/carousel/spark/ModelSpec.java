package carousel.spark;

import carousel.io.FormatException;
import carousel.io.Json;
import carousel.layer.Param;
import carousel.model.ModelConfig;
import carousel.model.ModelFiles;
import carousel.model.SequenceModel;
import carousel.tensor.DType;

import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What an executor needs to build its copy of the driver's model: the {@link ModelConfig} as its
 * {@code config.json} text, and the order and shapes of the parameters in which weights and gradients
 * travel as one flat float32 array (the model's {@link SequenceModel#params()} order).
 */
public record ModelSpec(String configJson, List<String> names, List<int[]> shapes) implements Serializable {
    @Serial private static final long serialVersionUID = 1L;

    public ModelSpec {
        if (names.size() != shapes.size()) throw new IllegalArgumentException("one shape per parameter name is needed");
        names = List.copyOf(names);
        shapes = List.copyOf(shapes);
    }

    public static ModelSpec of(SequenceModel model) {
        List<String> names = new ArrayList<>();
        List<int[]> shapes = new ArrayList<>();
        for (Param p : model.params().values()) { names.add(p.name()); shapes.add(p.value().shape.clone()); }
        return new ModelSpec(Json.writeCompact(ModelFiles.toJson(model.config())), names, shapes);
    }

    public ModelConfig config() {
        try {
            return ModelFiles.fromJson(Json.parseObject(configJson, "broadcast model config"), "broadcast model config");
        } catch (FormatException e) {
            throw new IllegalStateException("the driver's model config does not parse on this executor: " + e.getMessage(), e);
        }
    }

    /** A new float32 model of this config, checked to hold exactly these parameters in this order. */
    public SequenceModel newModel() {
        SequenceModel m = new SequenceModel(config(), DType.F32);
        check(m);
        return m;
    }

    /** Fails, naming the first difference, unless the model's parameters are this spec's. */
    public void check(SequenceModel m) {
        List<Param> ps = new ArrayList<>(m.params().values());
        if (ps.size() != names.size())
            throw new IllegalArgumentException("model has " + ps.size() + " parameters, the spec " + names.size());
        for (int i = 0; i < ps.size(); i++) {
            Param p = ps.get(i);
            if (!p.name().equals(names.get(i)) || !Arrays.equals(p.value().shape, shapes.get(i)))
                throw new IllegalArgumentException("parameter " + i + " is " + p.name() + " " + Arrays.toString(p.value().shape)
                        + ", the spec says " + names.get(i) + " " + Arrays.toString(shapes.get(i)));
        }
    }
}
