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
}
