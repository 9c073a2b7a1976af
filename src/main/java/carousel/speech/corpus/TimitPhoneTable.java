package carousel.speech.corpus;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The TIMIT 61 → 48 → 39 folding table, loaded once from the resource
 * {@code timit-phones-61-48-39.txt} beside this class and checked on load (61, 48 and 39 distinct
 * symbols, the 48 → 39 step a function). Rows are {@code {p61, p48, p39}}, or {@code {p61, null, null}}
 * for a phone that the folding deletes ({@code q}).
 */
final class TimitPhoneTable {

    static final String RESOURCE = "timit-phones-61-48-39.txt";

    static final TimitPhoneTable INSTANCE = load();

    private final List<String[]> rows;

    private TimitPhoneTable(List<String[]> rows) {
        this.rows = rows;
    }

    /** The rows, each {@code {p61, p48, p39}} with nulls for a deleted phone. */
    List<String[]> rows() {
        return rows;
    }

    /**
     * The distinct non-null symbols of column {@code c} (0 = 61, 1 = 48, 2 = 39) in Java string order.
     * (Plain strings, not a {@link PhoneSet}, so that loading this table never needs {@code PhoneSet}'s
     * constants, which are built from it.)
     */
    List<String> columnSymbols(int c) {
        TreeSet<String> s = new TreeSet<>();
        for (String[] r : rows) {
            if (r[c] != null) {
                s.add(r[c]);
            }
        }
        return List.copyOf(s);
    }

    private static TimitPhoneTable load() {
        try (InputStream in = TimitPhoneTable.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing from the class path");
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + RESOURCE, e);
        }
    }

    static TimitPhoneTable parse(BufferedReader reader) throws IOException {
        List<String[]> rows = new ArrayList<>();
        Map<String, String> fold48to39 = new HashMap<>();
        String line;
        int n = 0;
        while ((line = reader.readLine()) != null) {
            n++;
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            String[] f = t.split("\\s+");
            if (f.length != 1 && f.length != 3) {
                throw new IllegalStateException(RESOURCE + ":" + n + ": expected 'p61 p48 p39' or a lone deleted phone, got '" + t + "'");
            }
            String[] row = f.length == 3 ? f : new String[] {f[0], null, null};
            if (row[1] != null) {
                String before = fold48to39.putIfAbsent(row[1], row[2]);
                if (before != null && !before.equals(row[2])) {
                    throw new IllegalStateException(RESOURCE + ":" + n + ": 48-phone '" + row[1] + "' folds to both '"
                            + before + "' and '" + row[2] + "'");
                }
            }
            rows.add(row);
        }
        TimitPhoneTable table = new TimitPhoneTable(List.copyOf(rows));
        int[] expected = {61, 48, 39};
        for (int c = 0; c < 3; c++) {
            int size = table.columnSymbols(c).size();
            if (size != expected[c]) {
                throw new IllegalStateException(RESOURCE + ": column " + (c + 1) + " has " + size
                        + " distinct phones, expected " + expected[c]);
            }
        }
        if (table.columnSymbols(0).size() != rows.size()) {
            throw new IllegalStateException(RESOURCE + ": a 61-phone symbol is listed twice");
        }
        return table;
    }
}
