package carousel.io;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The validated header of a safetensors file: tensor entries in the order of their data in the
 * buffer, the free-form string metadata ({@code __metadata__}, empty when absent), and the file
 * offset where the data buffer starts ({@code 8 + N} for an N-byte header).
 *
 * @param tensors     name → entry, ordered by data offset (unmodifiable)
 * @param metadata    the {@code __metadata__} strings in file order (unmodifiable)
 * @param bufferStart file offset of the data buffer
 */
public record SafeTensorsHeader(Map<String, SafeTensorInfo> tensors, Map<String, String> metadata, long bufferStart) {

    /** Keeps unmodifiable copies of the maps, in their order. */
    public SafeTensorsHeader {
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }
}
