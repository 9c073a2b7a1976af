package carousel.tensor;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every sgemm implementation that loads here against the reference triple loop, over all transposes and odd shapes. */
class BlasTest {
    static List<Blas> implementations() {
        List<Blas> l = new ArrayList<>();
        l.add(new JavaBlas(1));
        l.add(new JavaBlas(2));
        try { l.add(NativeBlas.bundled(2)); } catch (Throwable t) { throw new AssertionError("the OpenBLAS shipped in the Maven artifact must load: " + t, t); }
        if (java.nio.file.Files.exists(java.nio.file.Path.of("/usr/lib/x86_64-linux-gnu/libopenblas.so.0")))
            l.add(NativeBlas.system("/usr/lib/x86_64-linux-gnu/libopenblas.so.0", 2));
        else
            System.out.println("BlasTest: no system /usr/lib/x86_64-linux-gnu/libopenblas.so.0 here, so only the bundled OpenBLAS is checked");
        // products split into row or column ranges over threads (sizes above its threshold below); over
        // OpenBLAS this also runs the native library from two threads at once, as training does
        l.add(new ParallelBlas(new JavaBlas(1), 2));
        l.add(new ParallelBlas(new JavaBlas(1), 3));
        try { l.add(new ParallelBlas(NativeBlas.bundled(1), 2)); } catch (Throwable t) { throw new AssertionError(t); }
        return l;
    }

    @Test
    void allImplementationsMatchReference() {
        Random rnd = new Random(7);
        Blas ref = new ReferenceBlas();
        int[][] shapes = {{1, 1, 1}, {3, 5, 7}, {32, 40, 17}, {17, 129, 33}, {64, 256, 96}, {5, 1, 300},
                {203, 70, 300}, {40, 301, 400}};   // large enough for ParallelBlas to split by rows, by columns
        for (Blas blas : implementations()) {
            for (int[] s : shapes)
                for (int ta = 0; ta < 2; ta++)
                    for (int tb = 0; tb < 2; tb++)
                        for (float beta : new float[]{0f, 1f, 0.5f}) {
                            int m = s[0], n = s[1], k = s[2];
                            int lda = (ta == 1 ? m : k) + 3, ldb = (tb == 1 ? k : n) + 2, ldc = n + 1;
                            int aOff = 5, bOff = 2, cOff = 3;
                            float[] a = rand(rnd, aOff + (ta == 1 ? k : m) * lda), b = rand(rnd, bOff + (tb == 1 ? n : k) * ldb);
                            float[] c1 = rand(rnd, cOff + m * ldc), c2 = c1.clone();
                            blas.sgemm(ta == 1, tb == 1, m, n, k, 0.75f, a, aOff, lda, b, bOff, ldb, beta, c1, cOff, ldc);
                            ref.sgemm(ta == 1, tb == 1, m, n, k, 0.75f, a, aOff, lda, b, bOff, ldb, beta, c2, cOff, ldc);
                            for (int i = 0; i < c1.length; i++)
                                assertEquals(c2[i], c1[i], 1e-4 * (1 + Math.abs(c2[i])) * Math.sqrt(k),
                                        blas.describe() + " m=" + m + " n=" + n + " k=" + k + " ta=" + ta + " tb=" + tb + " beta=" + beta + " at " + i);
                        }
        }
    }

    @Test
    void degenerateSizesScaleC() {
        for (Blas blas : implementations()) {
            float[] c = {1, 2, 3, 4};
            blas.sgemm(false, false, 2, 2, 0, 1f, new float[0], 0, 1, new float[0], 0, 2, 0.5f, c, 0, 2);
            assertEquals(0.5f, c[0]);
            assertEquals(2f, c[3]);
        }
    }

    @Test
    void nativeRejectsOutOfBoundsInsteadOfCrashing() throws Exception {
        Blas blas = NativeBlas.bundled(1);
        assertThrows(IndexOutOfBoundsException.class,
                () -> blas.sgemm(false, false, 4, 4, 4, 1f, new float[15], 0, 4, new float[16], 0, 4, 0f, new float[16], 0, 4));
        assertTrue(blas.describe().contains("OpenBLAS"), blas.describe());
    }

    static float[] rand(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (r.nextGaussian());
        return a;
    }
}
