package carousel.lag;

import java.util.ArrayList;
import java.util.List;

/**
 * The papers' own result rows, printed beside ours. Values are copied from
 * /work/shared/references/papers.md, which summarises Hochreiter &amp; Schmidhuber, "Long Short-Term
 * Memory", Neural Computation 9(8):1735–1780, 1997 (Tables 1–9, read in the paper) and Gers,
 * Schmidhuber &amp; Cummins, "Learning to Forget", Neural Computation 12(10):2451–2471, 2000 (Table 2,
 * from secondary notes, marked [S]). Sequence counts are the paper's means over its trials.
 */
public final class PaperResults {
    /**
     * One row of a paper's table.
     *
     * @param task      {@link LagTask#name()} it belongs to
     * @param key       {@link LagTask#paramKey()} it belongs to; empty for every parameter setting
     * @param method    the method and its setting, e.g. "LSTM 3x2, lr 0.5"
     * @param weights   the paper's weight count
     * @param trials    how many trials the row averages
     * @param success   % of successful trials ("-" when the paper gives none)
     * @param sequences training sequences until success (the paper's mean)
     * @param test      test-set outcome as the paper reports it
     * @param source    the table
     */
    public record Row(String task, String key, String method, String weights, String trials, String success,
                      String sequences, String test, String source) {}

    private static final List<Row> ROWS = new ArrayList<>();

    private static void row(String task, String key, String method, String weights, String trials, String success, String sequences, String test, String source) {
        ROWS.add(new Row(task, key, method, weights, trials, success, sequences, test, source));
    }

    static {
        String t1 = "1997 Table 1";
        row("reber", "", "RTRL 3 hidden, lr 0.05", "~170", "-", "some", "173,000", "", t1);
        row("reber", "", "RTRL 12 hidden, lr 0.1", "~494", "-", "some", "25,000", "", t1);
        row("reber", "", "Elman 15 hidden", "~435", "-", "0", ">200,000", "", t1);
        row("reber", "", "RCC 7-9 hidden", "~119-198", "-", "50", "182,000", "", t1);
        row("reber", "", "LSTM 4x1, lr 0.1", "264", "30", "100", "39,740", "", t1);
        row("reber", "", "LSTM 3x2, lr 0.1", "276", "30", "100", "21,730", "", t1);
        row("reber", "", "LSTM 3x2, lr 0.2", "276", "30", "97", "14,060", "", t1);
        row("reber", "", "LSTM 4x1, lr 0.5", "264", "30", "97", "9,500", "", t1);
        row("reber", "", "LSTM 3x2, lr 0.5", "276", "30", "100", "8,440", "range 3,800-24,100", t1);

        String t2 = "1997 Table 2";
        row("2a", "p=4", "RTRL, lr 1.0", "36", "18", "78", "1,043,000", "", t2);
        row("2a", "p=4", "RTRL, lr 4.0", "36", "18", "56", "892,000", "", t2);
        row("2a", "p=4", "RTRL, lr 10.0", "36", "18", "22", "254,000", "", t2);
        row("2a", "p=10", "RTRL, lr 1.0-10.0", "144", "18", "0", ">5,000,000", "", t2);
        row("2a", "p=100", "RTRL, lr 1.0-10.0", "10404", "18", "0", ">5,000,000", "", t2);
        row("2a", "p=100", "BPTT, lr 1.0-10.0", "10404", "18", "0", ">5,000,000", "", t2);
        row("2a", "p=100", "chunker, lr 1.0", "10506", "18", "33", "32,400", "", t2);
        row("2a", "p=100", "LSTM 1 cell, lr 1.0", "10504", "18", "100", "5,040", "", t2);
        row("2b", "p=100", "LSTM 1 cell, lr 1.0", "-", "18", "100", "5,680", "chunker, BPTT, RTRL failed", "1997 Sec. 5.2 (2b)");

        String t3 = "1997 Table 3";
        int[][] qp = {{50, 50}, {100, 100}, {200, 200}, {500, 500}, {1000, 1000}, {1000, 500}, {1000, 200}, {1000, 100}, {1000, 50}};
        String[] after = {"30,000", "31,000", "33,000", "38,000", "49,000", "49,000", "75,000", "135,000", "203,000"};
        for (int i = 0; i < qp.length; i++)
            row("2c", "q=" + qp[i][0] + ",p=" + qp[i][1], "LSTM 2x1, lr 0.01", String.valueOf(6 * qp[i][1] + 64), "20", "-", after[i], "", t3);

        row("3a", "T=100,N=3", "LSTM 3x1, lr 1.0", "102", "10", "-", "39,850", "ST1 after 27,380; 0.000195 misclassified", "1997 Table 4");
        row("3a", "T=100,N=1", "LSTM 3x1, lr 1.0", "102", "10", "-", "64,330", "ST1 after 58,370; 0.000117 misclassified", "1997 Table 4");
        row("3a", "T=1000,N=3", "LSTM 3x1, lr 1.0", "102", "10", "-", "452,460", "ST1 after 446,850; 0.000078 misclassified", "1997 Table 4");
        row("3b", "T=100,N=3", "LSTM 3x1, lr 1.0", "102", "10", "-", "43,250", "ST1 after 41,740; 0.00828 misclassified", "1997 Table 5");
        row("3b", "T=100,N=1", "LSTM 3x1, lr 1.0", "102", "10", "-", "78,430", "ST1 after 74,950; 0.01500 misclassified", "1997 Table 5");
        row("3b", "T=1000,N=1", "LSTM 3x1, lr 1.0", "102", "10", "-", "485,080", "ST1 after 481,060; 0.01207 misclassified", "1997 Table 5");
        row("3c", "T=100,N=3", "LSTM 3x1, lr 0.1", "102", "10", "-", "269,650", "0.00558 misclassified, mean |diff| 0.014", "1997 Table 6");
        row("3c", "T=100,N=1", "LSTM 3x1, lr 0.1", "102", "10", "-", "565,640", "0.00441 misclassified, mean |diff| 0.012", "1997 Table 6");

        String t7 = "1997 Table 7";
        row("adding", "T=100", "LSTM 2x2, lr 0.5", "93", "10", "-", "74,000", "1/2560 wrong", t7);
        row("adding", "T=500", "LSTM 2x2, lr 0.5", "93", "10", "-", "209,000", "0/2560 wrong", t7);
        row("adding", "T=1000", "LSTM 2x2, lr 0.5", "93", "10", "-", "853,000", "1/2560 wrong; range 370,000-2,020,000", t7);

        row("multiplication", "T=100,nseq=140", "LSTM 2x2, lr 0.1", "93", "-", "-", "482,000", "139/2560 wrong, MSE 0.0223", "1997 Table 8");
        row("multiplication", "T=100,nseq=13", "LSTM 2x2, lr 0.1", "93", "-", "-", "1,273,000", "14/2560 wrong, MSE 0.0139", "1997 Table 8");

        row("6a", "L=100", "LSTM 2x2, lr 0.5", "156", "20", "-", "31,390", "1/2560 wrong", "1997 Table 9");
        row("6b", "L=100", "LSTM 3x2, lr 0.1", "308", "10", "-", "571,100", "2/2560 wrong", "1997 Table 9");

        String g2 = "Gers 2000 Table 2 [S]";
        row("continual-reber", "", "LSTM 4x2, forget gates", "424", "100", "18", "-", "perfect solutions", g2);
        row("continual-reber", "", "LSTM 4x2, forget gates, lr decay 0.99", "424", "100", "62", "-", "perfect solutions", g2);
        row("continual-reber", "", "1997 LSTM, external reset at string ends", "-", "100", "74", "-", "perfect solutions", g2);
        row("continual-reber", "", "1997 LSTM, no reset", "-", "100", "poor", "-", "exact figure not read [?]", g2);
    }

    private PaperResults() {}

    public static List<Row> all() { return List.copyOf(ROWS); }

    /** The rows for a task, and of those with a parameter key only the ones matching {@code paramKey}. */
    public static List<Row> forTask(String task, String paramKey) {
        List<Row> out = new ArrayList<>();
        for (Row r : ROWS) if (r.task().equals(task) && (r.key().isEmpty() || r.key().equals(paramKey))) out.add(r);
        return out;
    }

    /** All rows of a task, whatever the parameters. */
    public static List<Row> forTask(String task) {
        List<Row> out = new ArrayList<>();
        for (Row r : ROWS) if (r.task().equals(task)) out.add(r);
        return out;
    }
}
