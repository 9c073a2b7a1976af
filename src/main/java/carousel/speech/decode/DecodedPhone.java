package carousel.speech.decode;

/**
 * One phone of a decoded sequence, occupying frames {@code [startFrame, endFrame)}.
 *
 * @param phone      phone index in the decoder's phone set
 * @param startFrame first frame, inclusive
 * @param endFrame   end frame, exclusive; {@code > startFrame}
 */
public record DecodedPhone(int phone, int startFrame, int endFrame) {

    public DecodedPhone {
        if (phone < 0 || startFrame < 0 || endFrame <= startFrame) {
            throw new IllegalArgumentException("bad decoded phone " + phone + " [" + startFrame + ", " + endFrame + ")");
        }
    }

    public int numFrames() {
        return endFrame - startFrame;
    }

    /**
     * The phones of a traceback chain of phone records, oldest first: record r holds the phone
     * {@code phone[r]} starting at frame {@code start[r]}, preceded by record {@code prev[r]} (−1 ends
     * the chain); the newest phone ends at {@code frames}. Shared by the Viterbi and beam-search decoders.
     */
    public static java.util.List<DecodedPhone> traceback(int record, int[] prev, int[] phone, int[] start, int frames) {
        java.util.List<DecodedPhone> path = new java.util.ArrayList<>();
        int end = frames;
        for (int rec = record; rec >= 0; rec = prev[rec]) {
            path.add(new DecodedPhone(phone[rec], start[rec], end));
            end = start[rec];
        }
        java.util.Collections.reverse(path);
        return path;
    }
}
