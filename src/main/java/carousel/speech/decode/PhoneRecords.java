package carousel.speech.decode;

import java.util.Arrays;

/**
 * The traceback records of a phone-level Viterbi search: one record ({@code phone, start frame,
 * previous record}) written when a token enters a phone and survives pruning, grown by doubling; the
 * best path is read back by following records from the winning token ({@link DecodedPhone#traceback}).
 * Shared by {@link ViterbiDecoder} and {@link TriphoneDecoder}.
 */
final class PhoneRecords {
    static final int NONE = -1;

    int[] phone = new int[256];
    int[] start = new int[256];
    int[] prev = new int[256];
    int size;

    void clear() { size = 0; }

    /** Writes a record; returns its index. */
    int add(int phoneIndex, int startFrame, int previous) {
        if (size == phone.length) {
            int n = phone.length * 2;
            phone = Arrays.copyOf(phone, n);
            start = Arrays.copyOf(start, n);
            prev = Arrays.copyOf(prev, n);
        }
        phone[size] = phoneIndex;
        start[size] = startFrame;
        prev[size] = previous;
        return size++;
    }
}
