package carousel.loss;

/** Which frames of a sequence carry a loss: every (unpadded) frame, or only the last one (sequence classification, the 1997 tasks). */
public enum Frames {
    ALL, LAST
}
