package carousel.speech.feature;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Options in Kaldi's command-line syntax, {@code --name=value}, as the option records read them
 * ({@link FbankOptions#parse}, {@link MfccOptions#parse}, ...), so a CLI can pass them through unchanged.
 *
 * <p>As in Kaldi's {@code ParseOptions}: underscores in names count as dashes ({@code --num_mel_bins} is
 * {@code --num-mel-bins}); a boolean may be given bare ({@code --snip-edges} means true) or as
 * {@code true/false/t/f/1/0}; when a name is repeated the last value wins. Each record takes the names it knows;
 * {@link #requireAllUsed} then reports any name nobody took, with the list of known ones.
 */
public final class KaldiArgs {
    private final Map<String, String> values = new LinkedHashMap<>();   // name without "--" -> value (null: bare)
    private final Set<String> known = new TreeSet<>();
    private final Set<String> used = new HashSet<>();

    private KaldiArgs() {
    }

    /** Parses {@code --name=value} and bare {@code --name} strings. */
    public static KaldiArgs parse(List<String> args) {
        KaldiArgs parsed = new KaldiArgs();
        for (String arg : args) {
            if (arg == null || !arg.startsWith("--") || arg.length() == 2) {
                throw new IllegalArgumentException("expected an option of the form --name=value, got '" + arg + "'");
            }
            int eq = arg.indexOf('=');
            String name = (eq < 0 ? arg.substring(2) : arg.substring(2, eq)).replace('_', '-');
            if (name.isEmpty()) {
                throw new IllegalArgumentException("option with an empty name: '" + arg + "'");
            }
            parsed.values.put(name, eq < 0 ? null : arg.substring(eq + 1));
        }
        return parsed;
    }

    /** Parses {@code --name=value} and bare {@code --name} strings. */
    public static KaldiArgs parse(String... args) {
        return parse(List.of(args));
    }

    /** The value of {@code --name} as a real number, or {@code defaultValue} when absent. */
    public double getDouble(String name, double defaultValue) {
        String v = take(name);
        if (v == null) {
            return defaultValue;
        }
        try {
            double d = Double.parseDouble(v.trim());
            if (!Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + ": '" + v + "' is not a finite number");
        }
    }

    /** The value of {@code --name} as an integer, or {@code defaultValue} when absent. */
    public int getInt(String name, int defaultValue) {
        String v = take(name);
        if (v == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + ": '" + v + "' is not an integer");
        }
    }

    /** The value of {@code --name} as a boolean (bare {@code --name} is true), or {@code defaultValue}. */
    public boolean getBool(String name, boolean defaultValue) {
        known.add(name);
        if (!values.containsKey(name)) {
            return defaultValue;
        }
        used.add(name);
        String v = values.get(name);
        if (v == null) {
            return true;
        }
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true", "t", "1" -> true;
            case "false", "f", "0" -> false;
            default -> throw new IllegalArgumentException("--" + name + ": '" + v + "' is not a boolean (true or false)");
        };
    }

    /** The value of {@code --name} as a string, or {@code defaultValue} when absent. */
    public String getString(String name, String defaultValue) {
        String v = take(name);
        return v == null ? defaultValue : v;
    }

    /**
     * Fails with the names of all options that no getter asked for, and the names that were asked for.
     *
     * @param command the command or context, for the message (e.g. "compute-fbank-feats")
     */
    public void requireAllUsed(String command) {
        List<String> unknown = new ArrayList<>();
        for (String name : values.keySet()) {
            if (!used.contains(name)) {
                unknown.add("--" + name);
            }
        }
        if (!unknown.isEmpty()) {
            List<String> knownNames = known.stream().map(n -> "--" + n).toList();
            throw new IllegalArgumentException(command + ": unknown option" + (unknown.size() > 1 ? "s " : " ")
                    + String.join(", ", unknown) + "; known options: " + String.join(", ", knownNames));
        }
    }

    private String take(String name) {
        known.add(name);
        if (!values.containsKey(name)) {
            return null;
        }
        used.add(name);
        String v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("--" + name + " needs a value (--" + name + "=...)");
        }
        return v;
    }
}
