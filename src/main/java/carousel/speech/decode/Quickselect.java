package carousel.speech.decode;

/**
 * Hoare's selection (quickselect, Hoare 1961, "Algorithm 65: Find"): the k-th largest of an array in
 * expected linear time, for the histogram pruning of the searches ({@link WordDecoder}, and the phone
 * model's beam search). Its reference is sorting, in the tests.
 */
public final class Quickselect {
    private Quickselect() {}

    /** The k-th largest (1-based) of a[0, n), by quickselect; reorders a. */
    public static double kthLargest(double[] a, int n, int k) {
        if (k < 1 || k > n) throw new IllegalArgumentException("k " + k + " outside 1.." + n);
        int lo = 0, hi = n - 1, target = k - 1;
        while (lo < hi) {
            double pivot = a[(lo + hi) >>> 1];
            int i = lo, j = hi;
            while (i <= j) {
                while (a[i] > pivot) i++;
                while (a[j] < pivot) j--;
                if (i <= j) {
                    double tmp = a[i];
                    a[i] = a[j];
                    a[j] = tmp;
                    i++;
                    j--;
                }
            }
            if (target <= j) hi = j;
            else if (target >= i) lo = i;
            else return a[target];
        }
        return a[target];
    }
}
