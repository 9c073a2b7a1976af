package carousel.io;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/**
 * Locates committed test fixtures on the test class path (src/test/resources). A missing fixture
 * fails the test with the script that makes it, never skips it.
 */
final class Fixtures {

    private Fixtures() {
    }

    /** The path of a resource such as {@code fixtures/io/f4_2x3.npy}. */
    static Path path(String resource) {
        URL url = Fixtures.class.getResource("/" + resource);
        assertNotNull(url, "missing test fixture src/test/resources/" + resource
                + " (made by tools/make-io-fixtures.py or tools/make-torch-fixtures.py)");
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
