package carousel.io;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The content of a safetensors file: tensors by name (in the order of their data in the file)
 * and the {@code __metadata__} strings. The lookup methods give errors that name the file, so a
 * model loader can write {@code file.require("lstm.weight_ih_l0", 4 * hidden, input)}.
 *
 * @param source   the file name, used in error messages
 * @param tensors  name → tensor (unmodifiable)
 * @param metadata the free-form metadata (unmodifiable, empty when absent)
 */
public record SafeTensorsFile(String source, Map<String, SafeTensor> tensors, Map<String, String> metadata) {

    /** Keeps unmodifiable copies of the maps, in their order. */
    public SafeTensorsFile {
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /**
     * The tensor of that name.
     *
     * @throws FormatException when the file has no such tensor, listing the names it has
     */
    public SafeTensor tensor(String name) throws FormatException {
        SafeTensor t = tensors.get(name);
        if (t == null) {
            throw new FormatException(source, "missing tensor " + Json.quote(name) + " (the file has: "
                    + (tensors.isEmpty() ? "no tensors" : String.join(", ", tensors.keySet())) + ")");
        }
        return t;
    }

    /**
     * The tensor of that name, which must have exactly the given shape (no dimensions: a scalar).
     *
     * @throws FormatException when it is missing or has another shape
     */
    public SafeTensor require(String name, int... expectedShape) throws FormatException {
        SafeTensor t = tensor(name);
        if (!t.hasShape(expectedShape)) {
            throw new FormatException(source, "tensor " + Json.quote(name) + " has shape "
                    + Shapes.format(t.shape()) + ", expected " + Shapes.format(expectedShape));
        }
        return t;
    }
}
