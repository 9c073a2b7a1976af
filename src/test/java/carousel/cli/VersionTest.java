package carousel.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code carousel --version} names the version and the commit the jar was built from ("unknown" outside the launcher's build). */
class VersionTest {
    @Test
    void versionNamesTheBuild() {
        CliRun r = CliRun.of("--version");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().strip().matches("Carousel \\d+\\.\\d+\\.\\d+\\S* \\(commit ([0-9a-f]{40}|unknown)(, with uncommitted changes)?\\)"), r.out());
    }
}
