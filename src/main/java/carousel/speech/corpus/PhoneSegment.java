package carousel.speech.corpus;

import java.util.Objects;

/**
 * One line of a TIMIT {@code .PHN} file: a phone occupying samples {@code [startSample, endSample)}.
 *
 * @param startSample first sample, inclusive, counted from 0
 * @param endSample   end sample, exclusive; equal to {@code startSample} for an empty segment
 * @param phone       the phone symbol as written (not yet folded)
 * @param line        the 1-based line of the {@code .PHN} file it came from, for error messages
 */
public record PhoneSegment(long startSample, long endSample, String phone, int line) {

    public PhoneSegment {
        Objects.requireNonNull(phone, "phone");
        if (phone.isEmpty() || phone.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("phone symbol must be non-empty without whitespace, got '" + phone + "'");
        }
        if (startSample < 0) {
            throw new IllegalArgumentException("segment '" + phone + "' starts at a negative sample " + startSample);
        }
        if (endSample < startSample) {
            throw new IllegalArgumentException("segment '" + phone + "' ends (" + endSample + ") before it starts ("
                    + startSample + ")");
        }
        if (line < 1) {
            throw new IllegalArgumentException("line must be >= 1, got " + line);
        }
    }

    /** Length in samples. */
    public long length() {
        return endSample - startSample;
    }

    /** Whether sample {@code s} lies in {@code [startSample, endSample)}. */
    public boolean contains(long s) {
        return s >= startSample && s < endSample;
    }

    PhoneSegment withPhone(String newPhone) {
        return new PhoneSegment(startSample, endSample, newPhone, line);
    }

    PhoneSegment withEnd(long newEnd) {
        return new PhoneSegment(startSample, newEnd, phone, line);
    }

    PhoneSegment withStart(long newStart) {
        return new PhoneSegment(newStart, endSample, phone, line);
    }
}
