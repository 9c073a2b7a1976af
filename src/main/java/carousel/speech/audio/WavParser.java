package carousel.speech.audio;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Parses the header of a RIFF WAVE file: the "fmt " chunk (WAVEFORMATEX, or WAVE_FORMAT_EXTENSIBLE with its
 * sub-format GUID) and the position of the "data" chunk. Other chunks (LIST, fact, cue, ...) are skipped.
 * Format: Microsoft/IBM "Multimedia Programming Interface and Data Specifications 1.0" (1991) and Microsoft's
 * WAVEFORMATEXTENSIBLE documentation. Every size is checked against the file length before it is used.
 *
 * <p>A data chunk size of 0xFFFFFFFF (written by programs that stream WAV to a pipe) means "to the end of the
 * file", as in Kaldi's reader; any other size that runs past the end of the file is an error.
 */
final class WavParser {
    private static final int FORMAT_PCM = 0x0001;
    private static final int FORMAT_IEEE_FLOAT = 0x0003;
    private static final int FORMAT_ALAW = 0x0006;
    private static final int FORMAT_MULAW = 0x0007;
    private static final int FORMAT_EXTENSIBLE = 0xFFFE;
    private static final long STREAMED_SIZE = 0xFFFFFFFFL;
    /** Bytes 2..15 of every KSDATAFORMAT_SUBTYPE_* GUID (00000000-0000-0010-8000-00aa00389b71, minus the tag). */
    private static final int[] GUID_TAIL = {0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38,
            0x9B, 0x71};

    private WavParser() {
    }

    static DataLayout parse(MemorySegment seg, String source) throws AudioFormatException {
        long size = seg.byteSize();
        if (size < 12 || !HeaderBytes.startsWith(seg, 0, "RIFF") || !HeaderBytes.startsWith(seg, 8, "WAVE")) {
            throw new AudioFormatException(source, "not a RIFF WAVE file (no 'RIFF' ... 'WAVE' header)");
        }
        Format format = null;
        long dataOffset = -1;
        long dataSize = -1;
        boolean streamed = false;
        long pos = 12;
        while (pos + 8 <= size) {
            String id = HeaderBytes.latin1(seg, pos, 4);
            long chunkSize = HeaderBytes.u32(seg, pos + 4);
            long body = pos + 8;
            long available = size - body;
            if (id.equals("data")) {
                if (dataOffset >= 0) {
                    throw new AudioFormatException(source, "two 'data' chunks");
                }
                dataOffset = body;
                if (chunkSize == STREAMED_SIZE) {
                    streamed = true;
                    dataSize = available;
                } else if (chunkSize > available) {
                    throw new AudioFormatException(source, "'data' chunk declares " + chunkSize + " bytes but only "
                            + available + " remain in the file (truncated file?)");
                } else {
                    dataSize = chunkSize;
                }
                if (format != null) {
                    break;   // everything needed is known; ignore trailing chunks
                }
            } else if (chunkSize > available) {
                throw new AudioFormatException(source, "chunk " + HeaderBytes.quoteId(id) + " at byte " + pos
                        + " declares " + chunkSize + " bytes but only " + available + " remain in the file");
            } else if (id.equals("fmt ")) {
                if (format != null) {
                    throw new AudioFormatException(source, "two 'fmt ' chunks");
                }
                format = parseFormat(seg, body, chunkSize, source);
                if (dataOffset >= 0) {
                    break;
                }
            }
            pos = body + (id.equals("data") ? dataSize : chunkSize);
            pos += pos & 1;   // chunks are padded to an even length
        }
        if (format == null) {
            throw new AudioFormatException(source, "no 'fmt ' chunk" + (size <= 12 ? " (file ends after the RIFF header)" : ""));
        }
        if (dataOffset < 0) {
            throw new AudioFormatException(source, "no 'data' chunk");
        }
        int frameBytes = format.blockAlign;
        if (dataSize % frameBytes != 0 && !streamed) {
            throw new AudioFormatException(source, "'data' chunk size " + dataSize
                    + " is not a whole number of " + frameBytes + "-byte sample frames (truncated file?)");
        }
        long numFrames = dataSize / frameBytes;   // a stream cut off mid-frame keeps its whole frames
        AudioInfo info = new AudioInfo(source, AudioContainer.WAV, format.encoding, format.sampleRateHz,
                format.numChannels, numFrames);
        return new DataLayout(info, dataOffset, frameBytes, ByteOrder.LITTLE_ENDIAN);
    }

    private record Format(SampleEncoding encoding, int numChannels, int sampleRateHz, int blockAlign) {
    }

    private static Format parseFormat(MemorySegment seg, long body, long chunkSize, String source)
            throws AudioFormatException {
        if (chunkSize < 16) {
            throw new AudioFormatException(source, "'fmt ' chunk is " + chunkSize + " bytes, at least 16 are needed");
        }
        int formatTag = HeaderBytes.u16(seg, body);
        int numChannels = HeaderBytes.u16(seg, body + 2);
        long sampleRate = HeaderBytes.u32(seg, body + 4);
        int blockAlign = HeaderBytes.u16(seg, body + 12);
        int bitsPerSample = HeaderBytes.u16(seg, body + 14);
        if (formatTag == FORMAT_EXTENSIBLE) {
            if (chunkSize < 40) {
                throw new AudioFormatException(source, "WAVE_FORMAT_EXTENSIBLE 'fmt ' chunk is " + chunkSize
                        + " bytes, 40 are needed");
            }
            int extensionSize = HeaderBytes.u16(seg, body + 16);
            if (extensionSize < 22) {
                throw new AudioFormatException(source, "WAVE_FORMAT_EXTENSIBLE extension is " + extensionSize
                        + " bytes, 22 are needed");
            }
            int validBits = HeaderBytes.u16(seg, body + 18);
            if (validBits > bitsPerSample) {
                throw new AudioFormatException(source, "WAVE_FORMAT_EXTENSIBLE declares " + validBits
                        + " valid bits in a " + bitsPerSample + "-bit container");
            }
            long guid = body + 24;
            for (int i = 0; i < GUID_TAIL.length; i++) {
                if (Byte.toUnsignedInt(seg.get(ValueLayout.JAVA_BYTE, guid + 2 + i)) != GUID_TAIL[i]) {
                    throw new AudioFormatException(source, "WAVE_FORMAT_EXTENSIBLE sub-format GUID is not a"
                            + " standard KSDATAFORMAT_SUBTYPE (unknown format)");
                }
            }
            formatTag = HeaderBytes.u16(seg, guid);
        }
        if (numChannels == 0) {
            throw new AudioFormatException(source, "'fmt ' chunk declares 0 channels");
        }
        if (sampleRate == 0 || sampleRate > AudioReader.MAX_SAMPLE_RATE_HZ) {
            throw new AudioFormatException(source, "implausible sample rate " + sampleRate + " Hz");
        }
        SampleEncoding encoding = switch (formatTag) {
            case FORMAT_PCM -> switch (bitsPerSample) {
                case 8 -> SampleEncoding.PCM_U8;
                case 16 -> SampleEncoding.PCM_S16;
                case 24 -> SampleEncoding.PCM_S24;
                case 32 -> SampleEncoding.PCM_S32;
                default -> throw new AudioFormatException(source, "unsupported PCM sample size " + bitsPerSample
                        + " bits (8, 16, 24 and 32 are supported)");
            };
            case FORMAT_IEEE_FLOAT -> switch (bitsPerSample) {
                case 32 -> SampleEncoding.FLOAT32;
                case 64 -> SampleEncoding.FLOAT64;
                default -> throw new AudioFormatException(source, "unsupported IEEE float sample size "
                        + bitsPerSample + " bits (32 and 64 are supported)");
            };
            case FORMAT_ALAW, FORMAT_MULAW -> {
                if (bitsPerSample != 8) {
                    throw new AudioFormatException(source, (formatTag == FORMAT_ALAW ? "A-law" : "μ-law")
                            + " with " + bitsPerSample + " bits per sample (8 expected)");
                }
                yield formatTag == FORMAT_ALAW ? SampleEncoding.ALAW : SampleEncoding.MULAW;
            }
            default -> throw new AudioFormatException(source, "unsupported WAV format code "
                    + String.format("0x%04x", formatTag) + describeFormatTag(formatTag)
                    + " (PCM, IEEE float, μ-law and A-law are supported)");
        };
        int expectedAlign = numChannels * encoding.bytesPerSample();
        if (blockAlign != expectedAlign) {
            throw new AudioFormatException(source, "block align is " + blockAlign + " bytes but " + numChannels
                    + " channel(s) of " + bitsPerSample + "-bit samples need " + expectedAlign);
        }
        return new Format(encoding, numChannels, (int) sampleRate, blockAlign);
    }

    private static String describeFormatTag(int tag) {
        return switch (tag) {
            case 0x0002 -> " (Microsoft ADPCM)";
            case 0x0011 -> " (IMA ADPCM)";
            case 0x0031 -> " (GSM 6.10)";
            case 0x0050 -> " (MPEG)";
            case 0x0055 -> " (MPEG layer 3)";
            default -> "";
        };
    }
}
