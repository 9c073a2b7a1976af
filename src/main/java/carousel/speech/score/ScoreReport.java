package carousel.speech.score;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Phone error rate of hypotheses against references, per speaker and overall, after folding both sides
 * ({@link PhoneFolding}): each utterance is aligned on its own ({@link EditAlignment}) and the counts are
 * summed, so the overall PER is {@code sum (S + D + I) / sum N}, not a mean of per-speaker rates.
 *
 * <p>Every hypothesis must have a reference. A reference without hypothesis is scored against an empty
 * hypothesis (all deletions), as sclite does, and listed in {@link #missing()}.
 */
public final class ScoreReport {

    /** One speaker's sums. */
    public record SpeakerLine(String speaker, int numUtterances, ErrorCounts counts) {
    }

    private final PhoneFolding folding;
    private final Map<String, EditAlignment> alignments;
    private final List<SpeakerLine> speakers;
    private final ErrorCounts overall;
    private final List<String> missing;

    private ScoreReport(PhoneFolding folding, Map<String, EditAlignment> alignments, List<SpeakerLine> speakers,
                        ErrorCounts overall, List<String> missing) {
        this.folding = folding;
        this.alignments = alignments;
        this.speakers = speakers;
        this.overall = overall;
        this.missing = missing;
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
        for (Transcript r : refs.values()) {
            String spk = speakerOf.apply(r.uttId());
            if (spk == null) {
                throw new IllegalArgumentException("no speaker for utterance '" + r.uttId() + "'");
            }
            Transcript h = hyps.get(r.uttId());
            if (h == null) {
                missing.add(r.uttId());
            }
            List<String> ref = foldOne(folding, r);
            List<String> hyp = h == null ? List.of() : foldOne(folding, h);
            EditAlignment a = EditAlignment.align(ref, hyp);
            alignments.put(r.uttId(), a);
            bySpeaker.merge(spk, a.counts(), ErrorCounts::plus);
            uttsBySpeaker.merge(spk, 1, Integer::sum);
            overall = overall.plus(a.counts());
        }
        List<SpeakerLine> lines = new ArrayList<>();
        bySpeaker.forEach((spk, c) -> lines.add(new SpeakerLine(spk, uttsBySpeaker.get(spk), c)));
        return new ScoreReport(folding, alignments, List.copyOf(lines), overall, List.copyOf(missing));
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

    /** Reference utterances that had no hypothesis (scored as all deletions). */
    public List<String> missing() {
        return missing;
    }

    /**
     * A table in the manner of sclite's {@code sys} report: one line per speaker with utterances, reference
     * phones, and correct, substitution, deletion, insertion and error percentages of the reference
     * phones, a {@code Sum} line, then Kaldi's {@code compute-wer} summary line.
     */
    public String table() {
        StringBuilder s = new StringBuilder();
        s.append("phone error rate, map ").append(folding.name()).append('\n');
        String head = String.format(Locale.ROOT, "%-12s %6s %8s %7s %7s %7s %7s %7s%n",
                "SPEAKER", "#utt", "#phones", "corr%", "sub%", "del%", "ins%", "PER%");
        s.append(head);
        s.append("-".repeat(head.strip().length())).append('\n');
        for (SpeakerLine l : speakers) {
            row(s, l.speaker(), l.numUtterances(), l.counts());
        }
        s.append("-".repeat(head.strip().length())).append('\n');
        row(s, "Sum", numUtterances(), overall);
        s.append(String.format(Locale.ROOT, "%%PER %s [ %d / %d, %d ins, %d del, %d sub ] on %d utterances",
                pct(overall.percent(overall.errors())), overall.errors(), overall.numRef(), overall.insertions(),
                overall.deletions(), overall.substitutions(), numUtterances()));
        if (!missing.isEmpty()) {
            s.append(", ").append(missing.size()).append(" without hypothesis (scored as deletions)");
        }
        return s.append('\n').toString();
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
