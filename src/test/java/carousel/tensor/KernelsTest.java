package carousel.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The float32 element-wise kernels (Vector API + scalar tails) against the float64 reference. */
class KernelsTest {
    private static Tensor rand(Rng r, double range, int... shape) {
        Tensor t = Tensor.f64(shape);
        r.fillUniform(t, range);
        return t;
    }

    private static void assertClose(Tensor ref, Tensor got, double tol, String what) {
        for (int i = 0; i < ref.size(); i++)
            assertEquals(ref.get(i), got.get(i), tol * (1 + Math.abs(ref.get(i))), what + " [" + i + "]");
    }

    @Test
    void lstmStepMatchesReferenceForEveryOption() {
        Rng r = new Rng(3);
        int B = 3;
        int[] lengths = {4, 1, 4};
        for (int H : new int[]{5, 16, 19})
            for (boolean forget : new boolean[]{true, false})
                for (boolean peep : new boolean[]{true, false})
                    for (Activation[] acts : new Activation[][]{{Activation.SIGMOID, Activation.TANH, Activation.TANH},
                            {Activation.SIGMOID, Activation.SIGMOID4, Activation.SIGMOID2}, {Activation.SIGMOID, Activation.SIGMOID, Activation.IDENTITY}})
                        for (float clip : new float[]{0f, 0.6f}) {
                            LstmPointwise p = new LstmPointwise(H, forget, peep, acts[0], acts[1], acts[2], clip);
                            int GH = p.gates() * H;
                            Tensor gates = rand(r, 3, B, GH), cPrev = rand(r, 1.5, B, H), peepT = rand(r, 0.5, p.peepRows(), H);
                            Tensor c = Tensor.f64(B, H), hc = Tensor.f64(B, H), m = Tensor.f64(B, H);
                            Tensor gates32 = gates.to(DType.F32), c32 = Tensor.f32(B, H), hc32 = Tensor.f32(B, H), m32 = Tensor.f32(B, H);
                            F64Ops.INSTANCE.lstmForward(p, B, lengths, 2, gates, 0, cPrev, 0, c, 0, hc, 0, m, 0, peep ? peepT : null);
                            F32Ops.INSTANCE.lstmForward(p, B, lengths, 2, gates32, 0, cPrev.to(DType.F32), 0, c32, 0, hc32, 0, m32, 0, peep ? peepT.to(DType.F32) : null);
                            String what = "H=" + H + " forget=" + forget + " peep=" + peep + " acts=" + acts[1] + "/" + acts[2] + " clip=" + clip;
                            assertClose(gates, gates32, 1e-5, "gates " + what);
                            assertClose(c, c32, 1e-5, "c " + what);
                            assertClose(m, m32, 1e-5, "m " + what);

                            Tensor dm = rand(r, 1, B, H), dcNext = rand(r, 1, B, H);
                            Tensor dPre = Tensor.f64(B, GH), dcPrev = Tensor.f64(B, H), dPeep = Tensor.f64(p.peepRows(), H);
                            Tensor dPre32 = Tensor.f32(B, GH), dcPrev32 = Tensor.f32(B, H), dPeep32 = Tensor.f32(p.peepRows(), H);
                            F64Ops.INSTANCE.lstmBackward(p, B, lengths, 2, gates, 0, cPrev, 0, c, 0, hc, 0, peep ? peepT : null, dm, 0, dcNext, 0, dPre, 0, dcPrev, 0, dPeep);
                            F32Ops.INSTANCE.lstmBackward(p, B, lengths, 2, gates32, 0, cPrev.to(DType.F32), 0, c32, 0, hc32, 0, peep ? peepT.to(DType.F32) : null,
                                    dm.to(DType.F32), 0, dcNext.to(DType.F32), 0, dPre32, 0, dcPrev32, 0, dPeep32);
                            assertClose(dPre, dPre32, 1e-4, "dPre " + what);
                            assertClose(dcPrev, dcPrev32, 1e-4, "dcPrev " + what);
                            assertClose(dPeep, dPeep32, 1e-4, "dPeep " + what);
                        }
    }

    @Test
    void activationsAndSoftmaxMatchReference() {
        Rng r = new Rng(5);
        for (Activation a : Activation.values()) {
            Tensor x = rand(r, 6, 37), y = Tensor.f64(37), y32 = Tensor.f32(37);
            F64Ops.INSTANCE.activate(a, x, 0, y, 0, 37);
            F32Ops.INSTANCE.activate(a, x.to(DType.F32), 0, y32, 0, 37);
            assertClose(y, y32, 1e-5, a.name());
            Tensor dy = rand(r, 1, 37), dz = Tensor.f64(37), dz32 = Tensor.f32(37);
            F64Ops.INSTANCE.activateBackward(a, y, 0, dy, 0, dz, 0, 37);
            F32Ops.INSTANCE.activateBackward(a, y32, 0, dy.to(DType.F32), 0, dz32, 0, 37);
            assertClose(dz, dz32, 1e-4, a.name() + " backward");
        }
        int rows = 6, C = 45;
        Tensor z = rand(r, 8, rows, C), dz = Tensor.f64(rows, C), dz32 = Tensor.f32(rows, C);
        int[] targets = {0, 44, -1, 7, 3, 12};
        long[] s1 = new long[2], s2 = new long[2];
        double l1 = F64Ops.INSTANCE.softmaxCrossEntropy(z, 0, rows, C, targets, 0, dz, 0.2, s1);
        double l2 = F32Ops.INSTANCE.softmaxCrossEntropy(z.to(DType.F32), 0, rows, C, targets, 0, dz32, 0.2, s2);
        assertEquals(l1, l2, 1e-4 * Math.abs(l1));
        assertEquals(5, s1[0]);
        assertEquals(s1[1], s2[1]);
        assertClose(dz, dz32, 1e-5, "softmax gradient");
    }

    @Test
    void packedMatrixVectorProductMatchesReference() {
        Rng r = new Rng(7);
        for (int cols : new int[]{1, 3, 4, 15, 16, 17, 40, 296})
            for (int rows : new int[]{1, 3, 15, 16, 17, 40}) {
                int ld = cols + 3, off = 5;
                Tensor w = rand(r, 1, off + rows * ld), x = rand(r, 1, cols + 2), bias = rand(r, 1, rows + 1);
                float[] w32 = w.to(DType.F32).f, x32 = x.to(DType.F32).f, b32 = bias.to(DType.F32).f;
                for (boolean withBias : new boolean[]{true, false}) {
                    PackedMatrix pm = PackedMatrix.pack(w32, off, ld, rows, cols, withBias ? b32 : null, 1);
                    float[] got = new float[rows + 3], ref = new float[rows + 3];
                    java.util.Arrays.fill(got, 42f);
                    pm.multiply(x32, 2, got, 1);
                    PackedMatrix.reference(w32, off, ld, rows, cols, withBias ? b32 : null, 1, x32, 2, ref, 1);
                    String what = "rows=" + rows + " cols=" + cols + " bias=" + withBias;
                    assertEquals(42f, got[0], 0f, "untouched before y, " + what);
                    assertEquals(42f, got[rows + 1], 0f, "untouched after y (masked last block), " + what);
                    for (int i = 0; i < rows; i++) {
                        double exact = withBias ? bias.get(1 + i) : 0;
                        for (int p = 0; p < cols; p++) exact += w.get(off + i * ld + p) * x.get(2 + p);
                        assertEquals(exact, ref[1 + i], 1e-5 * (1 + Math.abs(exact)), "reference " + what + " row " + i);
                        assertEquals(exact, got[1 + i], 1e-5 * (1 + Math.abs(exact)), "packed " + what + " row " + i);
                    }
                }
            }
        // [A | B] with summed biases equals packing the concatenated matrix
        int rows = 21, a = 5, b = 18;
        Tensor wa = rand(r, 1, rows * a), wb = rand(r, 1, rows * b), ba = rand(r, 1, rows), bb = rand(r, 1, rows), x = rand(r, 1, a + b);
        float[] cat = new float[rows * (a + b)], bsum = new float[rows];
        for (int i = 0; i < rows; i++) {
            for (int p = 0; p < a; p++) cat[i * (a + b) + p] = (float) wa.get(i * a + p);
            for (int p = 0; p < b; p++) cat[i * (a + b) + a + p] = (float) wb.get(i * b + p);
            bsum[i] = (float) ba.get(i) + (float) bb.get(i);
        }
        float[] got = new float[rows], ref = new float[rows];
        PackedMatrix.packSideBySide(wa.to(DType.F32).f, a, wb.to(DType.F32).f, b, rows, ba.to(DType.F32).f, bb.to(DType.F32).f)
                .multiply(x.to(DType.F32).f, 0, got, 0);
        PackedMatrix.reference(cat, 0, a + b, rows, a + b, bsum, 0, x.to(DType.F32).f, 0, ref, 0);
        for (int i = 0; i < rows; i++) assertEquals(ref[i], got[i], 1e-5 * (1 + Math.abs(ref[i])), "side by side row " + i);
    }

    /**
     * bf16 weights: {@code toBf16().multiply} equals {@link Bf16Matrix#reference} (the same
     * rounded weights, sums in double) within float32 summation error, over odd and even column
     * counts (the column pairs, an odd last column) and partial blocks; and differs from the float32
     * product by about the weights' rounding, which the test must see (else bf16 was not used).
     */
    @Test
    void bf16PackedMatrixVectorProductMatchesItsReference() {
        Rng r = new Rng(17);
        double maxVsF32 = 0;
        for (int cols : new int[]{1, 2, 3, 4, 5, 6, 7, 15, 16, 17, 40, 297})
            for (int rows : new int[]{1, 3, 15, 16, 17, 40}) {
                int ld = cols + 3, off = 5;
                Tensor w = rand(r, 1, off + rows * ld), x = rand(r, 1, cols + 2), bias = rand(r, 1, rows + 1);
                float[] w32 = w.to(DType.F32).f, x32 = x.to(DType.F32).f, b32 = bias.to(DType.F32).f;
                for (boolean withBias : new boolean[]{true, false}) {
                    PackedMatrix f32 = PackedMatrix.pack(w32, off, ld, rows, cols, withBias ? b32 : null, 1);
                    Bf16Matrix pm = f32.toBf16();
                    float[] got = new float[rows + 3], ref = new float[rows + 3], full = new float[rows + 3];
                    java.util.Arrays.fill(got, 42f);
                    pm.multiply(x32, 2, got, 1);
                    f32.multiply(x32, 2, full, 1);
                    Bf16Matrix.reference(w32, off, ld, rows, cols, withBias ? b32 : null, 1, x32, 2, ref, 1);
                    String what = "rows=" + rows + " cols=" + cols + " bias=" + withBias;
                    assertEquals(42f, got[0], 0f, "untouched before y, " + what);
                    assertEquals(42f, got[rows + 1], 0f, "untouched after y (masked last block), " + what);
                    for (int i = 0; i < rows; i++) {
                        double exact = withBias ? b32[1 + i] : 0, mag = Math.abs(exact);
                        for (int p = 0; p < cols; p++) {
                            double t = (double) Bf16.round(w32[off + i * ld + p]) * x32[2 + p];
                            exact += t;
                            mag += Math.abs(t);
                        }
                        assertEquals(exact, ref[1 + i], 1e-6 * (1 + mag), "reference " + what + " row " + i);
                        // float32 accumulation: a few ulps of the sum of magnitudes
                        assertEquals(exact, got[1 + i], 1e-6 * (1 + mag), "packed bf16 " + what + " row " + i);
                        // rounding each weight moves it by at most 2^-8 of itself (8 significant bits)
                        assertEquals(full[1 + i], got[1 + i], 0x1p-8 * mag + 1e-5 * (1 + mag), "bf16 against f32 " + what + " row " + i);
                        maxVsF32 = Math.max(maxVsF32, Math.abs(full[1 + i] - got[1 + i]));
                    }
                }
            }
        assertTrue(maxVsF32 > 1e-4, "bf16 products should differ from float32 ones by the weights' rounding; largest difference " + maxVsF32);
        // [A | B] side by side, then bf16, equals the reference on the concatenated matrix
        int rows = 21, a = 5, b = 18;
        Tensor wa = rand(r, 1, rows * a), wb = rand(r, 1, rows * b), ba = rand(r, 1, rows), bb = rand(r, 1, rows), x = rand(r, 1, a + b);
        float[] cat = new float[rows * (a + b)], bsum = new float[rows];
        for (int i = 0; i < rows; i++) {
            for (int p = 0; p < a; p++) cat[i * (a + b) + p] = (float) wa.get(i * a + p);
            for (int p = 0; p < b; p++) cat[i * (a + b) + a + p] = (float) wb.get(i * b + p);
            bsum[i] = (float) ba.get(i) + (float) bb.get(i);
        }
        float[] got = new float[rows], ref = new float[rows];
        PackedMatrix side = PackedMatrix.packSideBySide(wa.to(DType.F32).f, a, wb.to(DType.F32).f, b, rows, ba.to(DType.F32).f, bb.to(DType.F32).f);
        Bf16Matrix sideBf16 = side.toBf16();
        sideBf16.multiply(x.to(DType.F32).f, 0, got, 0);
        Bf16Matrix.reference(cat, 0, a + b, rows, a + b, bsum, 0, x.to(DType.F32).f, 0, ref, 0);
        for (int i = 0; i < rows; i++) assertEquals(ref[i], got[i], 1e-5 * (1 + Math.abs(ref[i])), "side by side bf16 row " + i);
        // half the weight bytes (the float32 bias counted in both)
        PackedMatrix even = PackedMatrix.pack(cat, 0, a + b, rows, 22, null, 0);   // an even column count: exactly half
        assertEquals(even.bytes(), 2 * even.toBf16().bytes(), "bytes of a 21x22 matrix, f32 against bf16");
        assertTrue(sideBf16.bytes() < side.bytes(), "bf16 " + sideBf16.bytes() + " bytes, f32 " + side.bytes());
    }

    @Test
    void packedBatchProductMatchesReferenceGemm() {
        Rng r = new Rng(8);
        for (int n : new int[]{1, 16, 17, 40, 64, 100})          // rows of W: columns of C (blocks, odd blocks, a partial block)
            for (int k : new int[]{1, 7, 33})
                for (int m : new int[]{1, 5, 8, 19, 32})              // rows of A: 8-row tiles and the rows left over
                    for (boolean transposed : new boolean[]{false, true})
                        for (boolean accumulate : new boolean[]{false, true})
                            {
                                int ldw = (transposed ? n : k) + 2, lda = k + 1, ldc = n + 3;
                                Tensor w = rand(r, 1, 3 + (transposed ? k : n) * ldw), a = rand(r, 1, 2 + m * lda), c = rand(r, 1, 1 + m * ldc);
                                Tensor ref = c.copy();
                                // reference: C = A·Wᵀ (+ C), W = w (n, k) or wᵀ
                                ReferenceBlas.dgemm(false, !transposed, m, n, k, 1, a.d, 2, lda, w.d, 3, ldw, accumulate ? 1 : 0, ref.d, 1, ldc);
                                Tensor c32 = c.to(DType.F32);
                                PackedMatrix pm = PackedMatrix.pack(w.to(DType.F32).f, 3, ldw, n, k, transposed, null);
                                pm.multiplyBatch(m, a.to(DType.F32).f, 2, lda, c32.f, 1, ldc, accumulate);
                                String what = "n=" + n + " k=" + k + " m=" + m + " transposed=" + transposed + " accumulate=" + accumulate;
                                assertClose(ref, c32, 1e-5, what);   // also checks the gaps between rows of C are untouched
                            }
        // repacking into the same storage gives the new matrix's products
        Tensor w1 = rand(r, 1, 20 * 9), w2 = rand(r, 1, 20 * 9), a = rand(r, 1, 3 * 9);
        PackedMatrix p1 = PackedMatrix.pack(w1.to(DType.F32).f, 0, 9, 20, 9, false, null);
        PackedMatrix p2 = PackedMatrix.pack(w2.to(DType.F32).f, 0, 9, 20, 9, false, p1);
        assertEquals(p1, p2, "same shape reuses the storage");
        Tensor ref = Tensor.f64(3, 20), got = Tensor.f32(3, 20);
        ReferenceBlas.dgemm(false, true, 3, 20, 9, 1, a.d, 0, 9, w2.d, 0, 9, 0, ref.d, 0, 20);
        p2.multiplyBatch(3, a.to(DType.F32).f, 0, 9, got.f, 0, 20, false);
        assertClose(ref, got, 1e-5, "repacked");
    }

    @Test
    void preparedProductsAgreeInBothPrecisions() {
        Rng r = new Rng(9);
        int n = 48, k = 24, m = 10;
        Tensor w = rand(r, 1, n * k), a = rand(r, 1, m * k), a2 = rand(r, 1, m * n);
        for (int uses : new int[]{1, 10}) {   // 1: plain gemm; 10: packed
            Tensor c64 = Tensor.f64(m, n), c32 = Tensor.f32(m, n), d64 = Tensor.f64(m, k), d32 = Tensor.f32(m, k);
            Tensor w32 = w.to(DType.F32);
            F64Ops.INSTANCE.gemmPrepared(m, a, 0, k, F64Ops.INSTANCE.prepare(w, 0, k, n, k, false, uses, null), false, c64, 0, n);
            F32Ops.INSTANCE.gemmPrepared(m, a.to(DType.F32), 0, k, F32Ops.INSTANCE.prepare(w32, 0, k, n, k, false, uses, null), false, c32, 0, n);
            assertClose(c64, c32, 1e-5, "A·Wᵀ uses=" + uses);
            F64Ops.INSTANCE.gemmPrepared(m, a2, 0, n, F64Ops.INSTANCE.prepare(w, 0, k, k, n, true, uses, null), false, d64, 0, k);
            F32Ops.INSTANCE.gemmPrepared(m, a2.to(DType.F32), 0, n, F32Ops.INSTANCE.prepare(w32, 0, k, k, n, true, uses, null), false, d32, 0, k);
            assertClose(d64, d32, 1e-5, "A·W uses=" + uses);
        }
    }

    @Test
    void rowVectorColumnSumsAndAxpyMatchReference() {
        Rng r = new Rng(10);
        for (int cols : new int[]{1, 15, 16, 70, 130}) {
            int rows = 9, ld = cols + 5;
            Tensor y = rand(r, 1, 2 + rows * ld), v = rand(r, 1, cols + 3), dv = rand(r, 1, cols + 3);
            Tensor y32 = y.to(DType.F32), dv32 = dv.to(DType.F32);
            F64Ops.INSTANCE.addRowVector(y, 2, rows, cols, ld, v, 3);
            F32Ops.INSTANCE.addRowVector(y32, 2, rows, cols, ld, v.to(DType.F32), 3);
            assertClose(y, y32, 1e-6, "addRowVector cols=" + cols);
            F64Ops.INSTANCE.addColumnSums(y, 2, rows, cols, ld, dv, 3);
            F32Ops.INSTANCE.addColumnSums(y32, 2, rows, cols, ld, dv32, 3);
            assertClose(dv, dv32, 1e-5, "addColumnSums cols=" + cols);
            Tensor x = rand(r, 1, cols + 1), z = rand(r, 1, cols + 4), z32 = z.to(DType.F32);
            F64Ops.INSTANCE.axpy(-0.7, x, 1, z, 4, cols);
            F32Ops.INSTANCE.axpy(-0.7, x.to(DType.F32), 1, z32, 4, cols);
            assertClose(z, z32, 1e-6, "axpy n=" + cols);
        }
    }
}
