package carousel.speech.feature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The FFTs against a plain O(n²) DFT, the reference they must reproduce. */
class RealFftTest {

    /** Naive DFT of real x: re[k], im[k] for k in [0, n/2]. */
    static double[][] naiveDft(double[] x) {
        int n = x.length;
        double[] re = new double[n / 2 + 1];
        double[] im = new double[n / 2 + 1];
        for (int k = 0; k <= n / 2; k++) {
            for (int j = 0; j < n; j++) {
                double a = -2 * Math.PI * ((long) j * k % n) / n;
                re[k] += x[j] * Math.cos(a);
                im[k] += x[j] * Math.sin(a);
            }
        }
        return new double[][] {re, im};
    }

    @ParameterizedTest(name = "n = {0}")
    @ValueSource(ints = {2, 4, 8, 16, 64, 256, 512, 1024, 6, 10, 12, 200, 320, 400, 402, 1000})
    void realFftMatchesTheNaiveDft(int n) {
        Random r = new Random(n);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextGaussian() * 1000;
        }
        double[][] expected = naiveDft(x);
        RealFft fft = new RealFft(n);
        double[] data = x.clone();
        fft.transform(data, new double[fft.workSize()]);
        double tol = 1e-9 * 1000 * n;
        assertEquals(expected[0][0], data[0], tol, "X[0]");
        assertEquals(expected[0][n / 2], data[1], tol, "X[n/2]");
        for (int k = 1; k < n / 2; k++) {
            assertEquals(expected[0][k], data[2 * k], tol, "Re X[" + k + "]");
            assertEquals(expected[1][k], data[2 * k + 1], tol, "Im X[" + k + "]");
        }
        double[] power = new double[n / 2 + 1];
        fft.powerSpectrum(data, power);
        for (int k = 0; k <= n / 2; k++) {
            double p = expected[0][k] * expected[0][k] + expected[1][k] * expected[1][k];
            assertEquals(p, power[k], 1e-9 * Math.max(1, p), "power[" + k + "]");
        }
    }

    @ParameterizedTest(name = "n = {0}")
    @ValueSource(ints = {1, 2, 3, 5, 7, 12, 100, 125, 128, 243})
    void complexFftMatchesTheNaiveDft(int n) {
        Random r = new Random(7 * n);
        double[] z = new double[2 * n];
        for (int i = 0; i < 2 * n; i++) {
            z[i] = r.nextGaussian();
        }
        ComplexFft fft = new ComplexFft(n);
        double[] data = z.clone();
        fft.transform(data, 0, new double[fft.workSize()]);
        for (int k = 0; k < n; k++) {
            double re = 0;
            double im = 0;
            for (int j = 0; j < n; j++) {
                double a = -2 * Math.PI * ((long) j * k % n) / n;
                re += z[2 * j] * Math.cos(a) - z[2 * j + 1] * Math.sin(a);
                im += z[2 * j] * Math.sin(a) + z[2 * j + 1] * Math.cos(a);
            }
            assertEquals(re, data[2 * k], 1e-9 * n, "Re X[" + k + "]");
            assertEquals(im, data[2 * k + 1], 1e-9 * n, "Im X[" + k + "]");
        }
    }

    @Test
    void oddOrTinyLengthsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RealFft(401));
        assertTrue(e.getMessage().contains("even"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RealFft(0));
        assertEquals(0, new RealFft(512).workSize());
        assertTrue(new RealFft(400).workSize() > 0);
    }
}
