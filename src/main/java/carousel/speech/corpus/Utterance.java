package carousel.speech.corpus;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One utterance of a TIMIT-layout corpus: where its files are and who said it. Made by
 * {@link TimitCorpus}; nothing here is read from the files yet (see {@link TimitCorpus#scan()}).
 *
 * <p>Names are upper case whatever the case on disk, so {@code test/dr1/mdab0/si1039.wav} and
 * {@code TEST/DR1/MDAB0/SI1039.WAV} both give the id {@code MDAB0_SI1039}. The id starts with the speaker,
 * as Kaldi requires of utterance ids (so that sorting by utterance also groups speakers).
 *
 * @param id            {@code SPEAKER_SENTENCE}, e.g. {@code MDAB0_SI1039}
 * @param speaker       speaker directory name, e.g. {@code MDAB0} (TIMIT: sex letter, initials, digit)
 * @param sentence      sentence name, e.g. {@code SI1039}; {@code SA*} dialect, {@code SX*} compact,
 *                      {@code SI*} diverse sentences
 * @param dialectRegion the number in the {@code DR<n>} directory (TIMIT: 1 to 8)
 * @param split         {@code TRAIN} or {@code TEST}
 * @param wav           the audio file (RIFF WAVE or NIST SPHERE)
 * @param phn           the phone alignment ({@code start end phone}, in samples)
 * @param wrd           the word alignment, when present
 * @param txt           the orthographic transcription, when present
 */
public record Utterance(String id, String speaker, String sentence, int dialectRegion, Split split,
                        Path wav, Path phn, Optional<Path> wrd, Optional<Path> txt) {

    private static final Pattern NAME = Pattern.compile("[A-Z0-9]+");

    public Utterance {
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(wav, "wav path");
        Objects.requireNonNull(phn, "phn path");
        Objects.requireNonNull(wrd, "wrd (use Optional.empty() when absent)");
        Objects.requireNonNull(txt, "txt (use Optional.empty() when absent)");
        requireName("speaker", speaker);
        requireName("sentence", sentence);
        if (!Objects.equals(id, speaker + "_" + sentence)) {
            throw new IllegalArgumentException("utterance id must be SPEAKER_SENTENCE = '" + speaker + "_"
                    + sentence + "', got '" + id + "'");
        }
        if (dialectRegion < 0) {
            throw new IllegalArgumentException("dialect region must be >= 0, got " + dialectRegion + " for " + id);
        }
    }

    private static void requireName(String what, String value) {
        Objects.requireNonNull(value, what);
        if (!NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " must be upper-case letters and digits, got '" + value + "'");
        }
    }

    /** Whether this is one of the dialect calibration sentences {@code SA1}, {@code SA2}. */
    public boolean isSa() {
        return sentence.startsWith("SA");
    }

    /** The dialect region directory name, {@code DR<n>}. */
    public String dialectRegionName() {
        return "DR" + dialectRegion;
    }
}
