package carousel.speech.score;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One utterance's phone sequence, with where it was read from (for messages).
 *
 * @param uttId  the utterance id
 * @param phones the phone symbols in order (may be empty)
 * @param source the file it came from, or null when made in memory
 * @param line   the 1-based line in {@code source}, or 0
 */
public record Transcript(String uttId, List<String> phones, Path source, int line) {

    public Transcript {
        Objects.requireNonNull(uttId, "uttId");
        phones = List.copyOf(phones);
    }

    public static Transcript of(String uttId, List<String> phones) {
        return new Transcript(uttId, phones, null, 0);
    }
}
