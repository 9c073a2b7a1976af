package carousel.speech.audio;

/**
 * Expansion of 8-bit G.711 μ-law and A-law codes to 16-bit linear PCM, as specified in ITU-T Recommendation
 * G.711 (1988), "Pulse code modulation (PCM) of voice frequencies", tables 1a/1b and 2a/2b. μ-law values lie
 * in [-32124, 32124], A-law values in [-32256, 32256]. Both tables are built once.
 */
final class G711 {
    private static final float[] MULAW = new float[256];
    private static final float[] ALAW = new float[256];

    static {
        for (int code = 0; code < 256; code++) {
            MULAW[code] = muLawToLinear(code);
            ALAW[code] = aLawToLinear(code);
        }
    }

    private G711() {
    }

    /** The linear value of μ-law byte {@code code} (0..255). */
    static float muLaw(int code) {
        return MULAW[code & 0xFF];
    }

    /** The linear value of A-law byte {@code code} (0..255). */
    static float aLaw(int code) {
        return ALAW[code & 0xFF];
    }

    // μ-law codes are stored complemented; after complementing, bit 7 is the sign (1 = negative), bits 6..4 the
    // segment, bits 3..0 the mantissa. Magnitude = ((mantissa << 3) + 132) << segment, minus the bias 132.
    private static int muLawToLinear(int code) {
        int u = ~code & 0xFF;
        int segment = (u >> 4) & 0x07;
        int mantissa = u & 0x0F;
        int magnitude = (((mantissa << 3) + 0x84) << segment) - 0x84;
        return (u & 0x80) != 0 ? -magnitude : magnitude;
    }

    // A-law codes have their even bits inverted (XOR 0x55); then bit 7 is the sign (1 = positive), bits 6..4 the
    // segment, bits 3..0 the mantissa. Segment 0 is linear; the others carry an implicit leading one.
    private static int aLawToLinear(int code) {
        int a = (code ^ 0x55) & 0xFF;
        int segment = (a >> 4) & 0x07;
        int mantissa = a & 0x0F;
        int magnitude;
        if (segment == 0) {
            magnitude = (mantissa << 4) + 8;
        } else {
            magnitude = ((mantissa << 4) + 0x108) << (segment - 1);
        }
        return (a & 0x80) != 0 ? magnitude : -magnitude;
    }
}
