package carousel.speech.feature;

import java.util.Arrays;
import java.util.Locale;

/**
 * Window functions of Kaldi's {@code --window-type} ({@code feature-window.cc}). With N the frame length in
 * samples and a = 2π / (N − 1), sample i in [0, N) is weighted by:
 * <ul>
 *   <li>{@code povey}: (0.5 − 0.5 cos(a i))^0.85, Kaldi's default (like Hann but reaching zero more gently);</li>
 *   <li>{@code hamming}: 0.54 − 0.46 cos(a i);</li>
 *   <li>{@code hanning}: 0.5 − 0.5 cos(a i) (symmetric Hann);</li>
 *   <li>{@code rectangular}: 1;</li>
 *   <li>{@code blackman}: b − 0.5 cos(a i) + (0.5 − b) cos(2 a i), b = {@code --blackman-coeff} (0.42);</li>
 *   <li>{@code sine}: sin(a i / 2).</li>
 * </ul>
 */
public enum WindowType {
    POVEY, HAMMING, HANNING, RECTANGULAR, BLACKMAN, SINE;

    /** The name Kaldi's {@code --window-type} uses. */
    public String kaldiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The window named {@code name} as in Kaldi's {@code --window-type}. */
    public static WindowType fromKaldiName(String name) {
        for (WindowType w : values()) {
            if (w.kaldiName().equals(name)) {
                return w;
            }
        }
        throw new IllegalArgumentException("--window-type: unknown window '" + name + "'; known: "
                + String.join(", ", Arrays.stream(values()).map(WindowType::kaldiName).toList()));
    }

    /** The window of {@code length} samples (at least 2); {@code blackmanCoeff} is used by BLACKMAN only. */
    public double[] weights(int length, double blackmanCoeff) {
        if (length < 2) {
            throw new IllegalArgumentException("window length must be at least 2 samples, got " + length);
        }
        double a = 2 * Math.PI / (length - 1);
        double[] w = new double[length];
        for (int i = 0; i < length; i++) {
            w[i] = switch (this) {
                case POVEY -> Math.pow(0.5 - 0.5 * Math.cos(a * i), 0.85);
                case HAMMING -> 0.54 - 0.46 * Math.cos(a * i);
                case HANNING -> 0.5 - 0.5 * Math.cos(a * i);
                case RECTANGULAR -> 1.0;
                case BLACKMAN -> blackmanCoeff - 0.5 * Math.cos(a * i) + (0.5 - blackmanCoeff) * Math.cos(2 * a * i);
                case SINE -> Math.sin(0.5 * a * i);
            };
        }
        return w;
    }
}
