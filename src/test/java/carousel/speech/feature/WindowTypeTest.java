package carousel.speech.feature;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Window values for N = 5 (a = π/2), worked out by hand from the formulas in Kaldi's feature-window.cc. */
class WindowTypeTest {
    static final double H = Math.sqrt(0.5);

    @Test
    void fiveSampleWindows() {
        assertArrayEquals(new double[] {0, 0.5, 1, 0.5, 0}, WindowType.HANNING.weights(5, 0.42), 1e-15);
        assertArrayEquals(new double[] {0.08, 0.54, 1, 0.54, 0.08}, WindowType.HAMMING.weights(5, 0.42), 1e-15);
        double p = Math.pow(0.5, 0.85);
        assertArrayEquals(new double[] {0, p, 1, p, 0}, WindowType.POVEY.weights(5, 0.42), 1e-15);
        assertArrayEquals(new double[] {1, 1, 1, 1, 1}, WindowType.RECTANGULAR.weights(5, 0.42), 0);
        // Blackman, b = 0.42: b - 0.5 cos(a i) + 0.08 cos(2 a i) = {0, 0.34, 1, 0.34, 0}
        assertArrayEquals(new double[] {0, 0.34, 1, 0.34, 0}, WindowType.BLACKMAN.weights(5, 0.42), 1e-15);
        assertArrayEquals(new double[] {0, H, 1, H, 0}, WindowType.SINE.weights(5, 0.42), 1e-15);
    }

    @Test
    void namesAreKaldis() {
        assertEquals(WindowType.POVEY, WindowType.fromKaldiName("povey"));
        assertEquals("blackman", WindowType.BLACKMAN.kaldiName());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WindowType.fromKaldiName("Hamming"));
        assertTrue(e.getMessage().contains("unknown window 'Hamming'") && e.getMessage().contains("hamming"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> WindowType.HANNING.weights(1, 0.42));
    }
}
