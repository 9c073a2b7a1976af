package carousel.speech.kaldi;

import java.util.Objects;

/**
 * One line of a Kaldi {@code segments} file ({@code utt recording start end}): the utterance is the
 * part of {@code recording} from {@code startSeconds} to {@code endSeconds}.
 *
 * @param recording    a key of {@code wav.scp}
 * @param startSeconds start time in seconds, {@code >= 0}
 * @param endSeconds   end time in seconds, {@code > startSeconds}; or {@code -1}, Kaldi's "to the end
 *                     of the recording"
 */
public record Segment(String recording, double startSeconds, double endSeconds) {

    /** The end time meaning "to the end of the recording". */
    public static final double TO_END = -1;

    public Segment {
        Keys.check(Objects.requireNonNull(recording, "recording"));
        if (!(startSeconds >= 0) || !Double.isFinite(startSeconds)) {
            throw new IllegalArgumentException("segment start must be a number >= 0, got " + startSeconds);
        }
        if (endSeconds != TO_END && !(endSeconds > startSeconds && Double.isFinite(endSeconds))) {
            throw new IllegalArgumentException("segment end must be after its start (" + startSeconds
                    + " s) or -1 for the end of the recording, got " + endSeconds);
        }
    }
}
