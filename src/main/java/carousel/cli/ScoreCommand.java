package carousel.cli;

import carousel.io.FormatException;
import carousel.io.InputFiles;
import carousel.speech.corpus.PhoneAlignment;
import carousel.speech.corpus.PhoneSegment;
import carousel.speech.corpus.TimitCorpus;
import carousel.speech.corpus.Utterance;
import carousel.speech.score.PhoneFolding;
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
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

/** {@code carousel score}: phone error rate of hypotheses against references ({@link ScoreReport}). */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = {"Aligns each hypothesis with its reference (Levenshtein, unit costs) after",
                "folding both to Lee & Hon's 39 phone classes, and prints correct, substitution,",
                "deletion, insertion and phone error rates per speaker and in sum.",
                "REF and HYP are text files of 'utt-id phone phone ...' lines (Kaldi's",
                "text format); REF may instead be a TIMIT-layout corpus root, whose .PHN",
                "files give the references of the utterances in HYP. A reference without",
                "hypothesis counts as all deletions (with a warning).",
                "Example: carousel score --ref data/demo-corpus --hyp hyp.txt --map 61-39"})
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
        InputFiles.requireRegularFile(hyp, "--hyp file");
        Map<String, Transcript> hyps = Transcripts.read(hyp);
        if (hyps.isEmpty()) throw new FormatException(hyp.toString(), "no hypotheses: the file has no 'utt-id phone ...' line");
        Map<String, Transcript> refs;
        if (Files.isDirectory(ref)) {
            refs = fromCorpus(ref, hyps, folding);
        } else {
            InputFiles.requireRegularFile(ref, "--ref file");
            refs = Transcripts.read(ref);
        }
        Function<String, String> speakerOf = Transcripts::speakerOf;
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
        ScoreReport report = ScoreReport.score(refs, hyps, folding, speakerOf);
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

    /** References from the .PHN files of the corpus utterances named in {@code hyps}, in HYP order. */
    private static Map<String, Transcript> fromCorpus(Path root, Map<String, Transcript> hyps, PhoneFolding folding) throws IOException {
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
            PhoneAlignment a = PhoneAlignment.read(u.phn(), u.id());
            for (PhoneSegment s : a.segments()) { // an unknown phone is reported on its own line of the .PHN
                try {
                    folding.fold(s.phone());
                } catch (IllegalArgumentException e) {
                    throw new TranscriptFormatException(u.phn(), s.line(), e.getMessage());
                }
            }
            refs.put(u.id(), Transcripts.fromAlignment(a));
        }
        return refs;
    }
}
