package carousel.io;

/**
 * Shape arithmetic shared by the array readers and records: element counts with overflow checks
 * and the Python-style text form used in messages ({@code (7, 3, 5)}, {@code (4,)}, {@code ()}).
 */
final class Shapes {

    /** Longest Java array the readers allocate (a little under {@code Integer.MAX_VALUE}, as the JDK advises). */
    static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

    private Shapes() {
    }

    /**
     * Number of elements of a shape read from a file.
     *
     * @throws FormatException for a negative entry or a product past {@code Long.MAX_VALUE}
     */
    static long elementCount(long[] shape, String source, String what) throws FormatException {
        boolean empty = false;
        for (long n : shape) {
            if (n < 0) {
                throw new FormatException(source, what + " has a negative dimension in shape " + format(shape));
            }
            empty |= n == 0;
        }
        if (empty) {
            return 0;
        }
        long count = 1;
        for (long n : shape) {
            try {
                count = Math.multiplyExact(count, n);
            } catch (ArithmeticException e) {
                throw new FormatException(source, what + " shape " + format(shape) + " has too many elements");
            }
        }
        return count;
    }

    /**
     * Number of elements of an in-memory shape (a programming error when invalid).
     *
     * @throws IllegalArgumentException for a negative entry or more elements than a Java array holds
     */
    static int checkedLength(int[] shape) {
        long count;
        try {
            count = elementCount(toLongs(shape), "shape", "array");
        } catch (FormatException e) {
            throw new IllegalArgumentException("invalid shape " + format(shape) + ": " + e.problem());
        }
        if (count > MAX_ARRAY_LENGTH) {
            throw new IllegalArgumentException("shape " + format(shape) + " has too many elements for a Java array");
        }
        return (int) count;
    }

    /** Checks that a shape describes exactly the given number of elements; returns a copy of it. */
    static int[] checkMatches(int[] shape, int length) {
        int[] copy = shape.clone();
        int count = checkedLength(copy);
        if (count != length) {
            throw new IllegalArgumentException("shape " + format(copy) + " holds " + count
                    + " elements but the data has " + length);
        }
        return copy;
    }

    /** The shape as ints, after {@link #elementCount} has accepted it and the count fits an array. */
    static int[] toInts(long[] shape) {
        int[] result = new int[shape.length];
        for (int i = 0; i < shape.length; i++) {
            result[i] = Math.toIntExact(shape[i]);
        }
        return result;
    }

    static long[] toLongs(int[] shape) {
        long[] result = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            result[i] = shape[i];
        }
        return result;
    }

    static String format(int[] shape) {
        return format(toLongs(shape));
    }

    static String format(long[] shape) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(shape[i]);
        }
        return sb.append(shape.length == 1 ? ",)" : ")").toString();
    }
}
