package carousel.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ByteLines} against {@link String#lines()} as the reference, across buffer refills. */
class ByteLinesTest {

    @TempDir
    Path tmp;

    private List<String> read(Path f) throws IOException {
        List<String> out = new ArrayList<>();
        try (ByteLines in = ByteLines.open(f)) {
            while (in.next()) {
                assertEquals(out.size() + 1, in.lineNumber());
                out.add(in.text());
            }
        }
        return out;
    }

    @Test
    void linesAsStringLinesGivesThem() throws IOException {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 40000; i++) {
            b.append("line ").append(i).append(" é ").append("x".repeat(i % 97)).append(i % 3 == 0 ? "\r\n" : "\n");
        }
        b.append("a very long last line without newline ").append("y".repeat(3 << 20));
        Path f = tmp.resolve("t.txt");
        Files.writeString(f, b);
        assertEquals(b.toString().lines().toList(), read(f));
        Files.writeString(f, "");
        assertTrue(read(f).isEmpty());
        Files.writeString(f, "\n\n");
        assertEquals(List.of("", ""), read(f));
    }

    @Test
    void malformedUtf8IsNullNotReplaced() throws IOException {
        Path f = tmp.resolve("bad.txt");
        Files.write(f, new byte[] {'o', 'k', '\n', 'b', (byte) 0xC3, '\n', (byte) 0xE2, (byte) 0x82, (byte) 0xAC, '\n'});
        try (ByteLines in = ByteLines.open(f)) {
            assertTrue(in.next());
            assertEquals("ok", in.text());
            assertTrue(in.next());
            assertNull(in.text());
            assertEquals("b\uFFFD", in.lenientText());
            assertTrue(in.next());
            assertEquals("\u20AC", in.text());
            assertFalse(in.next());
        }
        assertEquals(3, new String(Files.readAllBytes(f), StandardCharsets.UTF_8).lines().count());
    }
}
