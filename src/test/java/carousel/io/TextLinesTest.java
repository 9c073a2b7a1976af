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

/** {@link TextLines} (bytes and decoded lines) against {@link String#lines()} as the reference, across buffer refills. */
class TextLinesTest {

    @TempDir
    Path tmp;

    private List<String> read(Path f) throws IOException {
        List<String> out = new ArrayList<>();
        try (TextLines in = TextLines.open(f)) {
            while (in.advance()) {
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
        try (TextLines in = TextLines.open(f)) {
            assertTrue(in.advance());
            assertEquals("ok", in.text());
            assertTrue(in.advance());
            assertNull(in.text());
            assertEquals("b\uFFFD", in.lenientText());
            assertTrue(in.advance());
            assertEquals("\u20AC", in.text());
            assertFalse(in.advance());
        }
        assertEquals(3, new String(Files.readAllBytes(f), StandardCharsets.UTF_8).lines().count());
    }

    @Test
    void decodedLinesNameTheLineAndColumnOfABadByteAfterEarlierLines() throws IOException {
        Path f = tmp.resolve("t.txt");
        byte[] body = "first line\r\nsecond\nab\u00e9".getBytes(StandardCharsets.ISO_8859_1);
        Files.write(f, body);
        try (TextLines in = TextLines.open(f, StandardCharsets.UTF_8, "text")) {
            assertEquals("first line", in.next());
            assertEquals("second", in.next());
            FormatException e = org.junit.jupiter.api.Assertions.assertThrows(FormatException.class, in::next);
            assertEquals(f + ":3: byte 0xe9 at column 3 is not valid UTF-8", e.getMessage());
        }
        try (TextLines in = TextLines.open(f, StandardCharsets.ISO_8859_1, "text")) {
            assertEquals(List.of("first line", "second", "ab\u00e9"), List.of(in.next(), in.next(), in.next()));
            assertNull(in.next());
        }
    }
}
