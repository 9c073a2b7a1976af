package carousel.speech.kaldi;

import java.util.Objects;

/** The rule for keys (utterance, speaker and recording ids) in Kaldi tables. */
final class Keys {

    private Keys() {
    }

    /**
     * Checks that {@code key} is usable as a Kaldi table key: non-empty, no whitespace, no control
     * characters (Kaldi splits lines at whitespace and would misread such a key).
     */
    static String check(String key) {
        Objects.requireNonNull(key, "key");
        if (key.isEmpty()) {
            throw new IllegalArgumentException("key must not be empty");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                throw new IllegalArgumentException("key must not contain whitespace or control characters: '"
                        + key.replaceAll("\\p{Cntrl}", "?") + "'");
            }
        }
        return key;
    }
}
