package carousel.io;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The element types the safetensors format defines, with their sizes in bytes. Carousel reads
 * {@link #F32}, {@link #F64}, {@link #F16}, {@link #BF16}, {@link #I32} and {@link #I64} (all into
 * floats) and writes {@link #F32} and {@link #I64}; the other types are still known, so that a file
 * holding them is validated and then refused with a clear message rather than called corrupt.
 */
public enum SafeTensorDType {
    BOOL(1), U8(1), I8(1), F8_E5M2(1), F8_E4M3(1),
    I16(2), U16(2), F16(2), BF16(2),
    I32(4), U32(4), F32(4),
    F64(8), I64(8), U64(8);

    private final int byteSize;

    SafeTensorDType(int byteSize) {
        this.byteSize = byteSize;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    /** Whether {@link SafeTensors#read} converts this type into floats. */
    public boolean readable() {
        return switch (this) {
            case F32, F64, F16, BF16, I32, I64 -> true;
            default -> false;
        };
    }

    /** Whether {@link SafeTensors#write} can store a tensor as this type. */
    public boolean writable() {
        return this == F32 || this == I64;
    }

    /** The type named as in a safetensors header ("F32"), or an error naming the tensor. */
    static SafeTensorDType parse(String name, String source, String tensor) throws FormatException {
        for (SafeTensorDType t : values()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        throw new FormatException(source, tensor + ": unknown dtype " + Json.quote(name) + " (known: "
                + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")) + ")");
    }
}
