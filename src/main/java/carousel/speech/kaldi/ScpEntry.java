package carousel.speech.kaldi;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One line of a Kaldi {@code .scp} index: {@code key FILE:OFFSET}, the value for {@code key} starting at
 * byte {@code OFFSET} of {@code FILE} (just after {@code key + ' '} in an archive). A line without
 * {@code :OFFSET} names a file that holds one value from its first byte, which is offset 0.
 *
 * @param key    the key
 * @param file   the archive (relative paths are relative to the working directory, as in Kaldi)
 * @param offset byte offset of the value, {@code >= 0}
 */
public record ScpEntry(String key, Path file, long offset) {

    public ScpEntry {
        Keys.check(key);
        Objects.requireNonNull(file, "file");
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0, got " + offset + " for '" + key + "'");
        }
    }

    /** The scp line, without newline: {@code key file:offset}. */
    @Override
    public String toString() {
        return key + " " + file + ":" + offset;
    }
}
