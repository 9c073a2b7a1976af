package carousel.speech.audio;

/**
 * How one sample is stored in a WAV or SPHERE file, and how it maps to Kaldi's 16-bit scale
 * (see {@link Waveform} for the scales).
 */
public enum SampleEncoding {
    /** 8-bit unsigned PCM (WAV only); (b - 128) * 256. */
    PCM_U8(1),
    /** 16-bit signed PCM; kept as is. */
    PCM_S16(2),
    /** 24-bit signed PCM; divided by 256. */
    PCM_S24(3),
    /** 32-bit signed PCM; divided by 65536. */
    PCM_S32(4),
    /** 32-bit IEEE float in [-1, 1]; multiplied by 32768. */
    FLOAT32(4),
    /** 64-bit IEEE float in [-1, 1]; multiplied by 32768. */
    FLOAT64(8),
    /** 8-bit G.711 μ-law; expanded to 16-bit linear. */
    MULAW(1),
    /** 8-bit G.711 A-law; expanded to 16-bit linear. */
    ALAW(1);

    private final int bytesPerSample;

    SampleEncoding(int bytesPerSample) {
        this.bytesPerSample = bytesPerSample;
    }

    /** Bytes one sample of one channel takes. */
    public int bytesPerSample() {
        return bytesPerSample;
    }
}
