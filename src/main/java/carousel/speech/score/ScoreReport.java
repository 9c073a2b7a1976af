package carousel.speech.score;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Phone or word error rate of hypotheses against references, per speaker and overall: phones after
 * folding both sides ({@link PhoneFolding}, unit edit costs as Kaldi), words as written or lower-cased
 * ({@link WordScoring}, sclite's edit costs by default). Each utterance is aligned on its own
 * ({@link EditAlignment}) and the counts are summed, so the overall rate is {@code sum (S + D + I) / sum N},
 * not a mean of per-speaker rates. Word scoring also counts reference words outside a vocabulary (OOV).
 *
 * <p>Every hypothesis must have a reference. A reference without hypothesis is scored against an empty
 * hypothesis (all deletions), as sclite does, and listed in {@link #missing()}.
 */
public final class ScoreReport {

    /** One speaker's sums. */
    public record SpeakerLine(String speaker, int numUtterances, ErrorCounts counts) {
    }

    /** What is scored: the names used in the table. */
    public enum Unit {
        PHONE("phone error rate", "#phones", "PER"), WORD("word error rate", "#words", "WER");

        final String title;
        final String column;
        final String rate;

        Unit(String title, String column, String rate) {
            this.title = title;
            this.column = column;
            this.rate = rate;
        }
    }

    /**
     * Reference words outside the vocabulary.
     *
     * @param tokens    OOV tokens among the reference words
     * @param refTokens all reference words
     * @param words     each OOV word with its count, alphabetical
     */
    public record Oov(long tokens, long refTokens, Map<String, Integer> words) {
        /** 100 x tokens / refTokens (NaN without reference words). */
        public double percent() {
            return refTokens == 0 ? Double.NaN : 100.0 * tokens / refTokens;
        }
    }

    private final Unit unit;
    private final String mapping;
    private final Map<String, EditAlignment> alignments;
    private final List<SpeakerLine> speakers;
    private final ErrorCounts overall;
    private final List<String> missing;
    private final Oov oov;

    private ScoreReport(Unit unit, String mapping, Map<String, EditAlignment> alignments, List<SpeakerLine> speakers,
                        ErrorCounts overall, List<String> missing, Oov oov) {
        this.unit = unit;
        this.mapping = mapping;
        this.alignments = alignments;
        this.speakers = speakers;
        this.overall = overall;
        this.missing = missing;
        this.oov = oov;
    }

    /**
     * Scores {@code hyps} against {@code refs}.
     *
     * @param speakerOf the speaker of an utterance id (e.g. {@link Transcripts#speakerOf}, or an utt2spk
     *                  map's {@code get}); must not return null for a reference utterance
     * @throws TranscriptFormatException for a hypothesis without reference or a phone the folding does
     *                                   not know, naming the file and line it was read from
     */
    public static ScoreReport score(Map<String, Transcript> refs, Map<String, Transcript> hyps, PhoneFolding folding,
                                    Function<String, String> speakerOf) throws TranscriptFormatException {
        Objects.requireNonNull(folding, "folding");
        return score(refs, hyps, Unit.PHONE, "map " + folding.name(), t -> foldOne(folding, t), EditCosts.UNIT, speakerOf, null);
    }

    /**
     * Scores words: {@code hyps} against {@code refs} after {@code scoring}'s case rule, aligned with its
     * costs, OOV reference words counted when it has a vocabulary.
     *
     * @throws TranscriptFormatException for a hypothesis without reference, naming its file and line
     */
    public static ScoreReport scoreWords(Map<String, Transcript> refs, Map<String, Transcript> hyps, WordScoring scoring,
                                         Function<String, String> speakerOf) throws TranscriptFormatException {
        return score(refs, hyps, Unit.WORD, scoring.describe(), scoring::normalise, scoring.costs(), speakerOf,
                scoring.vocabulary());
    }

    /** A sequence made ready for alignment (folded, case-normalised). */
    private interface Normaliser {
        List<String> apply(Transcript t) throws TranscriptFormatException;
    }

    private static ScoreReport score(Map<String, Transcript> refs, Map<String, Transcript> hyps, Unit unit, String mapping,
                                     Normaliser normalise, EditCosts costs, Function<String, String> speakerOf,
                                     Predicate<String> vocabulary) throws TranscriptFormatException {
        for (Transcript h : hyps.values()) {
            if (!refs.containsKey(h.uttId())) {
                String problem = "hypothesis for utterance '" + h.uttId() + "', which has no reference";
                if (h.source() != null) {
                    throw new TranscriptFormatException(h.source(), h.line(), problem);
                }
                throw new IllegalArgumentException(problem);
            }
        }
        Map<String, EditAlignment> alignments = new LinkedHashMap<>();
        Map<String, ErrorCounts> bySpeaker = new TreeMap<>();
        Map<String, Integer> uttsBySpeaker = new TreeMap<>();
        List<String> missing = new ArrayList<>();
        ErrorCounts overall = ErrorCounts.ZERO;
        Map<String, Integer> oovWords = new TreeMap<>();
        long oovTokens = 0;
        long refTokens = 0;
        for (Transcript r : refs.values()) {
            String spk = speakerOf.apply(r.uttId());
            if (spk == null) {
                throw new IllegalArgumentException("no speaker for utterance '" + r.uttId() + "'");
            }
            Transcript h = hyps.get(r.uttId());
            if (h == null) {
                missing.add(r.uttId());
            }
            List<String> ref = normalise.apply(r);
            List<String> hyp = h == null ? List.of() : normalise.apply(h);
            if (vocabulary != null) {
                for (String w : ref) {
                    refTokens++;
                    if (!vocabulary.test(w)) {
                        oovWords.merge(w, 1, Integer::sum);
                        oovTokens++;
                    }
                }
            }
            EditAlignment a = EditAlignment.align(ref, hyp, costs);
            alignments.put(r.uttId(), a);
            bySpeaker.merge(spk, a.counts(), ErrorCounts::plus);
            uttsBySpeaker.merge(spk, 1, Integer::sum);
            overall = overall.plus(a.counts());
        }
        List<SpeakerLine> lines = new ArrayList<>();
        bySpeaker.forEach((spk, c) -> lines.add(new SpeakerLine(spk, uttsBySpeaker.get(spk), c)));
        Oov oov = vocabulary == null ? null : new Oov(oovTokens, refTokens, Collections.unmodifiableMap(oovWords));
        return new ScoreReport(unit, mapping, alignments, List.copyOf(lines), overall, List.copyOf(missing), oov);
    }

    private static List<String> foldOne(PhoneFolding folding, Transcript t) throws TranscriptFormatException {
        if (t.source() != null) {
            return folding.fold(t.phones(), t.source(), Math.max(t.line(), 1));
        }
        return folding.fold(t.phones());
    }

    /** Per-speaker sums, by speaker name. */
    public List<SpeakerLine> speakers() {
        return speakers;
    }

    /** The sum over every utterance. */
    public ErrorCounts overall() {
        return overall;
    }

    /** Number of reference utterances scored. */
    public int numUtterances() {
        return alignments.size();
    }

    /** Each utterance's alignment, in reference order. */
    public Map<String, EditAlignment> alignments() {
        return alignments;
    }

    /** OOV reference words, when scored against a vocabulary; else null. */
    public Oov oov() {
        return oov;
    }

    /** Utterances with at least one error (sentence errors). */
    public int sentenceErrors() {
        int n = 0;
        for (EditAlignment a : alignments.values()) {
            n += a.counts().errors() > 0 ? 1 : 0;
        }
        return n;
    }

    /** Reference utterances that had no hypothesis (scored as all deletions). */
    public List<String> missing() {
        return missing;
    }

    /**
     * A table in the manner of sclite's {@code sys} report: one line per speaker with utterances, reference
     * tokens, and correct, substitution, deletion, insertion and error percentages of the reference
     * tokens, a {@code Sum} line, then Kaldi's {@code compute-wer} summary line ({@code %WER 12.34 [ 98 /
     * 907, 7 ins, 68 del, 23 sub ]} for words, followed by {@code %SER} and the OOV count).
     */
    public String table() {
        StringBuilder s = new StringBuilder();
        s.append(unit.title).append(", ").append(mapping).append('\n');
        String head = String.format(Locale.ROOT, "%-12s %6s %8s %7s %7s %7s %7s %7s%n",
                "SPEAKER", "#utt", unit.column, "corr%", "sub%", "del%", "ins%", unit.rate + "%");
        s.append(head);
        s.append("-".repeat(head.strip().length())).append('\n');
        for (SpeakerLine l : speakers) {
            row(s, l.speaker(), l.numUtterances(), l.counts());
        }
        s.append("-".repeat(head.strip().length())).append('\n');
        row(s, "Sum", numUtterances(), overall);
        if (unit == Unit.WORD) {
            return wordSummary(s);
        }
        s.append(String.format(Locale.ROOT, "%%PER %s [ %d / %d, %d ins, %d del, %d sub ] on %d utterances",
                pct(overall.percent(overall.errors())), overall.errors(), overall.numRef(), overall.insertions(),
                overall.deletions(), overall.substitutions(), numUtterances()));
        if (!missing.isEmpty()) {
            s.append(", ").append(missing.size()).append(" without hypothesis (scored as deletions)");
        }
        return s.append('\n').toString();
    }

    private String wordSummary(StringBuilder s) {
        s.append(String.format(Locale.ROOT, "%%WER %s [ %d / %d, %d ins, %d del, %d sub ]%n",
                pct(overall.percent(overall.errors())), overall.errors(), overall.numRef(), overall.insertions(),
                overall.deletions(), overall.substitutions()));
        int n = numUtterances();
        s.append(String.format(Locale.ROOT, "%%SER %s [ %d / %d ]%n", pct(n == 0 ? Double.NaN : 100.0 * sentenceErrors() / n),
                sentenceErrors(), n));
        if (!missing.isEmpty()) {
            s.append(missing.size()).append(" utterances without hypothesis (scored as deletions)\n");
        }
        if (oov != null) {
            s.append(String.format(Locale.ROOT, "OOV %s%% [ %d / %d reference words, %d distinct ]", pct(oov.percent()),
                    oov.tokens(), oov.refTokens(), oov.words().size()));
            int shown = 0;
            for (Map.Entry<String, Integer> e : oov.words().entrySet()) {
                s.append(shown == 0 ? ": " : " ").append(e.getKey()).append(e.getValue() > 1 ? " (" + e.getValue() + ")" : "");
                if (++shown == 20) {
                    s.append(oov.words().size() > 20 ? " ..." : "");
                    break;
                }
            }
            s.append('\n');
        }
        return s.toString();
    }

    private static void row(StringBuilder s, String name, int utts, ErrorCounts c) {
        s.append(String.format(Locale.ROOT, "%-12s %6d %8d %7s %7s %7s %7s %7s%n", name, utts, c.numRef(),
                pct(c.percent(c.correct())), pct(c.percent(c.substitutions())), pct(c.percent(c.deletions())),
                pct(c.percent(c.insertions())), pct(c.percent(c.errors()))));
    }

    private static String pct(double x) {
        return Double.isNaN(x) ? "-" : String.format(Locale.ROOT, "%.2f", x);
    }
}
