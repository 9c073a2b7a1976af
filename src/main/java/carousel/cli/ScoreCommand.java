package carousel.cli;

import carousel.io.FormatException;
import carousel.io.InputFiles;
import carousel.speech.corpus.PhoneAlignment;
import carousel.speech.corpus.PhoneSegment;
import carousel.speech.corpus.TimitCorpus;
import carousel.speech.corpus.Utterance;
import carousel.speech.lexicon.Lexicon;
import carousel.speech.score.EditCosts;
import carousel.speech.score.PhoneFolding;
import carousel.speech.score.WordScoring;
import carousel.speech.score.ScoreReport;
import carousel.speech.score.Transcript;
import carousel.speech.score.TranscriptFormatException;
import carousel.speech.score.Transcripts;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

/** {@code carousel score}: phone or word error rate of hypotheses against references ({@link ScoreReport}). */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = {"Aligns each hypothesis with its reference (Levenshtein, unit costs) after",
                "folding both to Lee & Hon's 39 phone classes, and prints correct, substitution,",
                "deletion, insertion and phone error rates per speaker and in sum.",
                "REF and HYP are text files of 'utt-id phone phone ...' lines (Kaldi's",
                "text format); REF may instead be a TIMIT-layout corpus root, whose .PHN",
                "files give the references of the utterances in HYP. A reference without",
                "hypothesis counts as all deletions (with a warning).",
                "With --words: word error rate as sclite counts it (words as written, or",
                "--ignore-case; weights 4/3/3), Kaldi's %WER line, %SER, OOV reference words",
                "given --vocab or --lexicon; a corpus REF gives words from its .WRD files;",
                "--format trn reads sclite trn files, --write-trn writes them.",
                "Example: carousel score --ref data/demo-corpus --hyp hyp.txt --map 61-39",
                "Example: carousel score --words --ref ref.trn --hyp hyp.trn --format trn"})
public final class ScoreCommand implements Callable<Integer> {

    @Option(names = "--ref", required = true, paramLabel = "REF",
            description = "Reference transcripts (utt-id phone ...), or a TIMIT-layout corpus root.")
    Path ref;

    @Option(names = "--hyp", required = true, paramLabel = "HYP", description = "Hypothesis transcripts (utt-id phone ...).")
    Path hyp;

    @Option(names = "--map", paramLabel = "MAP", defaultValue = "61-39", converter = FoldingConverter.class,
            description = "Folding of both sides: 61-39 (61- or 48-set symbols to 39, q deleted), 48-39, or none."
                    + " Default: ${DEFAULT-VALUE}.")
    PhoneFolding folding;

    @Option(names = "--utt2spk", paramLabel = "FILE",
            description = "Speaker of each utterance ('utt-id speaker' lines); default: the id up to its first '_'.")
    Path utt2spk;

    @Option(names = "--print-alignments", description = "Also print each utterance's alignment (ref->hyp, * for none).")
    boolean printAlignments;

    @Option(names = "--words", description = "Score words (no phone folding; sclite's alignment weights).")
    boolean words;

    @Option(names = "--ignore-case", description = "With --words: lower-case both sides first.")
    boolean ignoreCase;

    @Option(names = "--costs", paramLabel = "C", defaultValue = "sclite",
            description = "With --words: alignment costs, sclite (sub 4, del 3, ins 3) or unit (Kaldi's compute-wer). Default: ${DEFAULT-VALUE}.")
    String costs;

    @Option(names = "--format", paramLabel = "F", defaultValue = "text",
            description = "REF and HYP files: text (utt-id token ...) or trn (token ... (spk-utt)). Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--write-trn", paramLabel = "PREFIX", description = "Also write PREFIX.ref.trn and PREFIX.hyp.trn for sclite.")
    String writeTrn;

    @Option(names = "--vocab", paramLabel = "FILE", description = "With --words: known words (first field of each line), to count OOV references.")
    Path vocab;

    @Option(names = "--lexicon", paramLabel = "DICT", description = "With --words: a CMU Sphinx dictionary whose words are the known words.")
    Path lexicon;

    static final class FoldingConverter implements ITypeConverter<PhoneFolding> {
        @Override
        public PhoneFolding convert(String value) {
            try {
                return PhoneFolding.byName(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    @Override
    public Integer call() throws IOException {
        if (!format.equals("text") && !format.equals("trn")) {
            throw new IllegalArgumentException("--format must be text or trn, got '" + format + "'");
        }
        if (!words && (ignoreCase || vocab != null || lexicon != null)) {
            throw new IllegalArgumentException("--ignore-case, --vocab and --lexicon go with --words");
        }
        boolean trn = format.equals("trn");
        requireFile(hyp, "--hyp");
        Map<String, Transcript> hyps = trn ? Transcripts.readTrn(hyp) : Transcripts.read(hyp);
        if (hyps.isEmpty()) throw new FormatException(hyp.toString(), "no hypotheses: the file has no 'utt-id phone ...' line");
        Map<String, Transcript> refs;
        if (Files.isDirectory(ref)) {
            refs = fromCorpus(ref, hyps, words, words ? null : folding);
        } else {
            requireFile(ref, "--ref");
            refs = trn ? Transcripts.readTrn(ref) : Transcripts.read(ref);
        }
        Function<String, String> speakerOf = trn ? Transcripts::trnSpeakerOf : Transcripts::speakerOf;
        if (utt2spk != null) {
            InputFiles.requireRegularFile(utt2spk, "--utt2spk file");
            Map<String, String> m = Transcripts.readUtt2spk(utt2spk);
            for (String u : refs.keySet()) {
                if (!m.containsKey(u)) {
                    throw new FormatException(utt2spk.toString(), "no speaker for utterance '" + u + "'");
                }
            }
            speakerOf = m::get;
        }
        ScoreReport report = words ? ScoreReport.scoreWords(refs, hyps, wordScoring(), speakerOf)
                : ScoreReport.score(refs, hyps, folding, speakerOf);
        if (writeTrn != null) {
            Function<String, String> spk = speakerOf;
            Transcripts.writeTrn(Path.of(writeTrn + ".ref.trn"), tokens(refs), spk);
            Transcripts.writeTrn(Path.of(writeTrn + ".hyp.trn"), tokens(hyps), spk);
        }
        if (!report.missing().isEmpty()) {
            System.err.println("carousel score: warning: " + report.missing().size() + " of " + refs.size()
                    + " reference utterances have no hypothesis (scored as all deletions), e.g. '"
                    + report.missing().getFirst() + "'");
        }
        if (printAlignments) {
            report.alignments().forEach((u, a) -> System.out.println(u + " " + a));
        }
        System.out.print(report.table());
        return 0;
    }

    private WordScoring wordScoring() throws IOException {
        EditCosts c = switch (costs) {
            case "sclite" -> EditCosts.SCLITE;
            case "unit" -> EditCosts.UNIT;
            default -> throw new IllegalArgumentException("--costs must be sclite or unit, got '" + costs + "'");
        };
        Set<String> known = null;
        if (vocab != null || lexicon != null) {
            known = new HashSet<>();
            if (vocab != null) {
                requireFile(vocab, "--vocab");
                for (String line : Files.readAllLines(vocab)) {
                    String t = line.strip();
                    if (!t.isEmpty()) {
                        known.add(t.split("\\s+")[0]);
                    }
                }
            }
            if (lexicon != null) {
                requireFile(lexicon, "--lexicon");
                try {
                    known.addAll(Lexicon.readCmu(lexicon).words().words());
                } catch (FormatException e) {
                    throw new IllegalArgumentException(e.getMessage(), e);
                }
            }
            if (ignoreCase) {
                Set<String> lower = new HashSet<>();
                known.forEach(w -> lower.add(w.toLowerCase(Locale.ROOT)));
                known = lower;
            }
        }
        return new WordScoring(ignoreCase, c, known == null ? null : known::contains);
    }

    private static Map<String, List<String>> tokens(Map<String, Transcript> t) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        t.forEach((id, tr) -> m.put(id, tr.phones()));
        return m;
    }

    /** A missing input is named with its option ("--hyp file not found"), a directory refused (see {@link InputFiles}). */
    static void requireFile(Path p, String option) throws IOException {
        InputFiles.requireRegularFile(p, option + " file");
    }

    /** References from the .PHN (or, for words, .WRD) files of the corpus utterances named in {@code hyps}, in HYP order. */
    static Map<String, Transcript> fromCorpus(Path root, Map<String, Transcript> hyps, boolean words) throws IOException {
        return fromCorpus(root, hyps, words, null);
    }

    /** As {@link #fromCorpus(Path, Map, boolean)}; with {@code folding}, an unknown phone is reported on its own line of the .PHN. */
    static Map<String, Transcript> fromCorpus(Path root, Map<String, Transcript> hyps, boolean words, PhoneFolding folding) throws IOException {
        Map<String, Utterance> byId = new HashMap<>();
        for (Utterance u : TimitCorpus.open(root).utterances()) {
            byId.put(u.id(), u);
        }
        Map<String, Transcript> refs = new LinkedHashMap<>();
        for (Transcript h : hyps.values()) {
            Utterance u = byId.get(h.uttId());
            if (u == null) {
                throw new FormatException(h.source().toString(), h.line(), "utterance '" + h.uttId() + "' is not in the corpus " + root);
            }
            if (words) {
                Path wrd = u.wrd().orElseThrow(() -> new NoSuchFileException(u.phn().toString().replaceFirst("(?i)phn$", "WRD"),
                        null, "no word alignment for utterance '" + u.id() + "'"));
                refs.put(u.id(), Transcripts.fromWordAlignment(wrd, u.id()));
            } else {
                PhoneAlignment a = PhoneAlignment.read(u.phn(), u.id());
                for (PhoneSegment seg : folding == null ? List.<PhoneSegment>of() : a.segments()) {
                    try {
                        folding.fold(seg.phone());
                    } catch (IllegalArgumentException e) {
                        throw new TranscriptFormatException(u.phn(), seg.line(), e.getMessage());
                    }
                }
                refs.put(u.id(), Transcripts.fromAlignment(a));
            }
        }
        return refs;
    }
}
