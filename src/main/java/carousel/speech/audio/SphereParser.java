package carousel.speech.audio;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Parses the header of a NIST SPHERE file, the format of TIMIT's {@code .WAV} files and of other LDC corpora.
 * Format: NIST Speech Header Resources (SPHERE) 2.x documentation: an ASCII header that starts with
 * {@code "NIST_1A\n"}, then the header length in bytes on its own line (usually {@code "   1024"}), then lines
 * {@code name -type value} ({@code -i} integer, {@code -r} real, {@code -sN} string of N characters) up to
 * {@code end_head}; samples follow the header.
 *
 * <p>Fields used: {@code sample_rate} (required), {@code channel_count} (default 1), {@code sample_n_bytes},
 * {@code sample_byte_format} ({@code 01} little-endian, {@code 10} big-endian; {@code 0123}/{@code 3210} for
 * four bytes), {@code sample_coding} ({@code pcm}, the default, {@code ulaw} or {@code alaw}) and
 * {@code sample_count} (samples per channel; when absent, as many as the file holds). Compressed files
 * (shorten, wavpack, shortpack) are refused with an "unsupported compression" error: decompress them first,
 * e.g. with {@code sph2pipe -f wav}.
 */
final class SphereParser {
    static final String MAGIC = "NIST_1A\n";
    private static final int MAX_HEADER_BYTES = 1 << 20;

    private SphereParser() {
    }

    static DataLayout parse(MemorySegment seg, String source) throws AudioFormatException {
        long size = seg.byteSize();
        if (!HeaderBytes.startsWith(seg, 0, MAGIC)) {
            throw new AudioFormatException(source, "not a NIST SPHERE file (no 'NIST_1A' header)");
        }
        // Second line: header length in bytes.
        int lineEnd = -1;
        for (int i = MAGIC.length(); i < Math.min(size, MAGIC.length() + 16); i++) {
            if (HeaderBytes.latin1(seg, i, 1).charAt(0) == '\n') {
                lineEnd = i;
                break;
            }
        }
        if (lineEnd < 0) {
            throw new AudioFormatException(source, "SPHERE header length line is missing or too long");
        }
        String lengthText = HeaderBytes.latin1(seg, MAGIC.length(), lineEnd - MAGIC.length()).trim();
        long headerBytes;
        try {
            headerBytes = Long.parseLong(lengthText);
        } catch (NumberFormatException e) {
            throw new AudioFormatException(source, "SPHERE header length '" + lengthText + "' is not a number");
        }
        if (headerBytes <= lineEnd || headerBytes > MAX_HEADER_BYTES) {
            throw new AudioFormatException(source, "implausible SPHERE header length " + headerBytes + " bytes");
        }
        if (headerBytes > size) {
            throw new AudioFormatException(source, "SPHERE header declares " + headerBytes
                    + " bytes but the file has only " + size + " (truncated file?)");
        }
        Map<String, String> fields = parseFields(
                HeaderBytes.latin1(seg, lineEnd + 1, (int) (headerBytes - lineEnd - 1)), source);

        String coding = fields.getOrDefault("sample_coding", "pcm").trim().toLowerCase(Locale.ROOT);
        String byteFormat = fields.getOrDefault("sample_byte_format", "").trim().toLowerCase(Locale.ROOT);
        for (String packer : new String[] {"shorten", "wavpack", "shortpack"}) {
            if (coding.contains(packer) || byteFormat.contains(packer)) {
                throw new AudioFormatException(source, "unsupported compression '" + (coding.contains(packer)
                        ? coding : byteFormat) + "' (decompress it first, e.g. sph2pipe -f wav)");
            }
        }
        int sampleRate = intField(fields, "sample_rate", -1, 1, AudioReader.MAX_SAMPLE_RATE_HZ, source);
        int numChannels = intField(fields, "channel_count", 1, 1, 65535, source);
        SampleEncoding encoding;
        ByteOrder order = ByteOrder.LITTLE_ENDIAN;
        switch (coding) {
            case "ulaw", "mu-law", "mulaw" -> {
                intField(fields, "sample_n_bytes", 1, 1, 1, source);
                encoding = SampleEncoding.MULAW;
            }
            case "alaw", "a-law" -> {
                intField(fields, "sample_n_bytes", 1, 1, 1, source);
                encoding = SampleEncoding.ALAW;
            }
            case "pcm" -> {
                int bytes = intField(fields, "sample_n_bytes", -1, 2, 4, source);
                encoding = switch (bytes) {
                    case 2 -> SampleEncoding.PCM_S16;
                    case 3 -> SampleEncoding.PCM_S24;
                    default -> SampleEncoding.PCM_S32;
                };
                order = byteOrder(byteFormat, bytes, source);
            }
            default -> throw new AudioFormatException(source, "unsupported SPHERE sample_coding '" + coding
                    + "' (pcm, ulaw and alaw are supported)");
        }
        int frameBytes = numChannels * encoding.bytesPerSample();
        long available = size - headerBytes;
        long numFrames;
        if (fields.containsKey("sample_count")) {
            numFrames = longField(fields, "sample_count", source);
            if (numFrames < 0) {
                throw new AudioFormatException(source, "negative sample_count " + numFrames);
            }
            if (numFrames > available / frameBytes) {
                throw new AudioFormatException(source, "SPHERE header declares " + numFrames
                        + " samples per channel (" + frameBytes + " bytes each) but only " + available
                        + " bytes of data follow the header (truncated file?)");
            }
        } else {
            numFrames = available / frameBytes;
        }
        AudioInfo info = new AudioInfo(source, AudioContainer.SPHERE, encoding, sampleRate, numChannels, numFrames);
        return new DataLayout(info, headerBytes, frameBytes, order);
    }

    private static Map<String, String> parseFields(String text, String source) throws AudioFormatException {
        Map<String, String> fields = new HashMap<>();
        for (String rawLine : text.split("\n", -1)) {
            String line = rawLine.strip();
            if (line.equals("end_head")) {
                return fields;
            }
            if (line.isEmpty() || line.startsWith(";")) {
                continue;
            }
            int s1 = line.indexOf(' ');
            if (s1 < 0) {
                throw new AudioFormatException(source, "malformed SPHERE header line '" + line + "'");
            }
            String name = line.substring(0, s1);
            String rest = line.substring(s1 + 1).stripLeading();
            int s2 = rest.indexOf(' ');
            if (s2 < 0 || !rest.startsWith("-")) {
                throw new AudioFormatException(source, "malformed SPHERE header line '" + line + "'");
            }
            fields.put(name, rest.substring(s2 + 1));
        }
        throw new AudioFormatException(source, "SPHERE header has no 'end_head' line");
    }

    private static long longField(Map<String, String> fields, String name, String source)
            throws AudioFormatException {
        String value = fields.get(name).trim();
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new AudioFormatException(source, "SPHERE field " + name + " is '" + value + "', not an integer");
        }
    }

    /** Field {@code name} as an int in [min, max]; {@code absent} when missing (or an error when absent &lt; 0). */
    private static int intField(Map<String, String> fields, String name, int absent, int min, int max, String source)
            throws AudioFormatException {
        if (!fields.containsKey(name)) {
            if (absent < 0) {
                throw new AudioFormatException(source, "SPHERE header has no " + name + " field");
            }
            return absent;
        }
        long v = longField(fields, name, source);
        if (v < min || v > max) {
            throw new AudioFormatException(source, "SPHERE field " + name + " = " + v + " is outside ["
                    + min + ", " + max + "]");
        }
        return (int) v;
    }

    private static ByteOrder byteOrder(String format, int bytes, String source) throws AudioFormatException {
        StringBuilder ascending = new StringBuilder();
        for (int i = 0; i < bytes; i++) {
            ascending.append((char) ('0' + i));
        }
        if (format.equals(ascending.toString())) {
            return ByteOrder.LITTLE_ENDIAN;
        }
        if (format.equals(ascending.reverse().toString())) {
            return ByteOrder.BIG_ENDIAN;
        }
        throw new AudioFormatException(source, format.isEmpty()
                ? "SPHERE header has no sample_byte_format field (byte order unknown)"
                : "unsupported sample_byte_format '" + format + "' for " + bytes + "-byte samples");
    }
}
