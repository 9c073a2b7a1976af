package carousel.speech.decode;

import java.util.Arrays;

/**
 * The traceback records of a phone-level Viterbi search: one record ({@code phone, start frame,
 * previous record}) written when a token enters a phone and survives pruning, grown by doubling; the
 * best path is read back by following records from the winning token ({@link DecodedPhone#traceback}).
 * Shared by {@link ViterbiDecoder}, {@link TriphoneDecoder} and the phone-model beam search
 * ({@code carousel.speech.plm.BeamSearchDecoder}).
 */
public final class PhoneRecords {
    /** The previous record of a path's first phone. */
    public static final int NONE = -1;

    int[] phone = new int[256];
    int[] start = new int[256];
    int[] prev = new int[256];
    int size;

    /** Forgets every record (the arrays are kept). */
    public void clear() { size = 0; }

    /** Records written since the last {@link #clear}. */
    public int size() { return size; }

    /** Writes a record; returns its index. */
    public int add(int phoneIndex, int startFrame, int previous) {
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

    /** The best token's result ({@link DecodeResult#bestFinal}) over these records. */
    public DecodeResult bestFinal(int tokens, java.util.function.IntToDoubleFunction endScore, java.util.function.IntToDoubleFunction score,
                                  java.util.function.IntUnaryOperator record, int frames) {
        return DecodeResult.bestFinal(tokens, endScore, score, record, prev, phone, start, frames);
    }
}
