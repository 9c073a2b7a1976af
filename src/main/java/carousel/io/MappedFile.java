package carousel.io;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A whole file mapped read-only into memory, so that readers can check declared sizes against the
 * true length first and then copy tensors in bulk without a second buffer. Closing it unmaps the
 * file; segments taken from it must not be used afterwards.
 */
final class MappedFile implements AutoCloseable {

    private final Arena arena;
    private final MemorySegment segment;

    private MappedFile(Arena arena, MemorySegment segment) {
        this.arena = arena;
        this.segment = segment;
    }

    /** Maps the file (an empty file gives an empty segment). */
    static MappedFile open(Path file) throws IOException {
        InputFiles.requireRegularFile(file, null);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            Arena arena = Arena.ofConfined();
            try {
                MemorySegment segment = size == 0 ? MemorySegment.ofArray(new byte[0])
                        : channel.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
                return new MappedFile(arena, segment);
            } catch (IOException | RuntimeException e) {
                arena.close();
                throw e;
            }
        }
    }

    /** The file's bytes; valid until {@link #close()}. */
    MemorySegment segment() {
        return segment;
    }

    @Override
    public void close() {
        arena.close();
    }
}
