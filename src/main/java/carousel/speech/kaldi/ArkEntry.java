package carousel.speech.kaldi;

import java.util.Objects;

/**
 * One entry of a Kaldi archive: a key (utterance id) and its value.
 *
 * @param key   the key, non-empty, without whitespace
 * @param value the value ({@link FloatMatrix} or {@code int[]})
 * @param <T>   the value type
 */
public record ArkEntry<T>(String key, T value) {

    public ArkEntry {
        Keys.check(key);
        Objects.requireNonNull(value, "value");
    }
}
