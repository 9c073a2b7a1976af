package carousel.lag;

import carousel.io.FormatException;
import carousel.io.Json;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.Map;

/**
 * Exact encodings of a trial's state for the JSON files of its checkpoints: arrays of doubles (the
 * online nets' weights, the training window's errors) as base64 of their little-endian IEEE-754
 * bits, so every bit, −0 and NaN included, comes back as it was; single doubles the same way; and
 * checked reads that name the file and the field when a value is missing or has the wrong length.
 */
final class StateFields {
    private StateFields() {}

    static String doubles(double[] a) {
        ByteBuffer b = ByteBuffer.allocate(8 * a.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : a) b.putLong(Double.doubleToRawLongBits(v));
        return Base64.getEncoder().encodeToString(b.array());
    }

    /** The doubles of field key, which must hold exactly {@code length} of them. */
    static double[] doubles(Map<String, Object> m, String key, int length, String source) throws FormatException {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(Json.getString(m, key, source));
        } catch (IllegalArgumentException e) {
            throw new FormatException(source, key + " is not base64");
        }
        if (bytes.length != 8L * length)
            throw new FormatException(source, key + " holds " + bytes.length / 8 + " values where " + length + " were expected");
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        double[] a = new double[length];
        for (int i = 0; i < length; i++) a[i] = Double.longBitsToDouble(b.getLong());
        return a;
    }

    static String number(double v) { return doubles(new double[]{v}); }

    static double number(Map<String, Object> m, String key, String source) throws FormatException { return doubles(m, key, 1, source)[0]; }

    /** A 64-bit integer as a decimal string (JSON readers may not keep every bit of a large number). */
    static long longOf(Map<String, Object> m, String key, String source) throws FormatException {
        try {
            return Long.parseLong(Json.getString(m, key, source));
        } catch (NumberFormatException e) {
            throw new FormatException(source, key + " is not a 64-bit integer");
        }
    }

    static String booleans(boolean[] a) {
        StringBuilder sb = new StringBuilder(a.length);
        for (boolean v : a) sb.append(v ? '1' : '0');
        return sb.toString();
    }

    static boolean[] booleans(Map<String, Object> m, String key, int length, String source) throws FormatException {
        String s = Json.getString(m, key, source);
        if (s.length() != length || !s.matches("[01]*"))
            throw new FormatException(source, key + " must be " + length + " digits 0 or 1");
        boolean[] a = new boolean[length];
        for (int i = 0; i < length; i++) a[i] = s.charAt(i) == '1';
        return a;
    }
}
