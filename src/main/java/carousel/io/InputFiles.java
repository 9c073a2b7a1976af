package carousel.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The check every reader makes before opening an input file, so that a wrong path gets a message
 * naming it (a missing file: {@link NoSuchFileException} with what the file was for; a directory:
 * {@link FormatException} "is a directory, not a file") instead of the operating system's
 * "No such device" or "Is a directory".
 */
public final class InputFiles {

    private InputFiles() {
    }

    /**
     * @param what what the file is for (e.g. "--hyp file"), said when it is missing; null for none
     */
    public static void requireRegularFile(Path file, String what) throws IOException {
        if (Files.isDirectory(file)) throw new FormatException(file.toString(), "is a directory, not a file");
        if (!Files.exists(file)) throw new NoSuchFileException(file.toString(), null, what == null ? null : what + " not found");
    }
}
