package carousel.speech.augment;

import java.util.Arrays;
import java.util.Locale;

/**
 * The noises made here, with no external noise corpus: babble (several other training talkers at once) and
 * coloured Gaussian noise whose power spectrum falls as 1/f^β: white (β = 0), pink (β = 1), brown (β = 2).
 */
public enum NoiseKind {
    BABBLE(Double.NaN), WHITE(0), PINK(1), BROWN(2);

    /** The spectral slope β of coloured noise (power ∝ 1/f^β); NaN for babble. */
    public final double beta;

    NoiseKind(double beta) { this.beta = beta; }

    public String configName() { return name().toLowerCase(Locale.ROOT); }

    public static NoiseKind parse(String s) {
        for (NoiseKind k : values()) if (k.configName().equals(s.trim())) return k;
        throw new IllegalArgumentException("noise kind must be one of " + Arrays.stream(values()).map(NoiseKind::configName).toList() + ", got '" + s + "'");
    }
}
