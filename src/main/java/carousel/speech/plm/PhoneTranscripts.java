package carousel.speech.plm;

import carousel.io.FormatException;
import carousel.speech.corpus.CorpusFormatException;
import carousel.speech.corpus.CorpusProblem;
import carousel.speech.corpus.CorpusScan;
import carousel.speech.corpus.PhoneMap;
import carousel.speech.corpus.PhoneSegment;
import carousel.speech.corpus.PhoneSet;
import carousel.speech.corpus.ScanOptions;
import carousel.speech.corpus.ScannedUtterance;
import carousel.speech.corpus.Split;
import carousel.speech.corpus.TimitCorpus;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * The phone transcripts a phone language model learns from: each utterance's {@code .PHN} alignment
 * folded from TIMIT's 61 phones to a smaller set (48 for the decoder), phones that the folding deletes
 * ({@code q}) dropped, and runs of one folded phone merged into one (the decoder's phones are runs too:
 * {@code pau h#} is one {@code sil}). Only the alignment is read, not the audio, so loading is fast.
 */
public final class PhoneTranscripts {

    /** One utterance's folded phone sequence (indices into the target phone set). */
    public record Sentence(String id, String speaker, Split split, int[] phones) {}

    private PhoneTranscripts() {}

    /** Every good utterance of a TIMIT-layout corpus (both splits); problems are reported and skipped. */
    public static List<Sentence> load(Path corpus, PhoneSet target, PrintStream log) throws IOException {
        CorpusScan scan = TimitCorpus.open(corpus).scan(ScanOptions.DEFAULT);
        for (CorpusProblem p : scan.problems()) {
            if (log != null) {
                log.println("warning: " + p);
            }
        }
        PhoneMap map = PhoneMap.timit(PhoneSet.TIMIT_61, target);
        List<Sentence> out = new ArrayList<>();
        for (ScannedUtterance u : scan.good()) {
            try {
                List<PhoneSegment> segs = u.alignment().mapped(map).segments();
                List<String> symbols = new ArrayList<>();
                for (PhoneSegment s : segs) {
                    symbols.add(s.phone());
                }
                out.add(new Sentence(u.utterance().id(), u.utterance().speaker(), u.utterance().split(), indices(symbols, target)));
            } catch (CorpusFormatException e) {
                if (log != null) {
                    log.println("warning: " + e.getMessage());
                }
            }
        }
        if (log != null) {
            log.printf("transcripts: done %d of %d utterances%n", out.size(), scan.attempted());
        }
        if (out.isEmpty()) {
            throw new FormatException(corpus.toString(), "no usable utterance");
        }
        return out;
    }

    /** Phone indices of a symbol sequence, runs of one symbol merged into one. */
    public static int[] indices(List<String> symbols, PhoneSet set) {
        List<Integer> l = new ArrayList<>();
        String prev = null;
        for (String s : symbols) {
            if (!s.equals(prev)) {
                l.add(set.index(s));
            }
            prev = s;
        }
        return l.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Training speakers held out for development: {@code n} of the sorted speakers, evenly spaced (the
     * {@code i}-th is {@code sorted[i * size / n]}), the rule {@code train-am} uses, so that with the same
     * {@code n} the phone model and the acoustic model hold out the same speakers.
     */
    public static TreeSet<String> devSpeakers(Collection<String> speakers, int n) {
        List<String> sorted = new ArrayList<>(new TreeSet<>(speakers));
        TreeSet<String> dev = new TreeSet<>();
        if (n <= 0) {
            return dev;
        }
        if (n >= sorted.size()) {
            throw new IllegalArgumentException("cannot hold out " + n + " development speakers of " + sorted.size() + " training speakers");
        }
        for (int i = 0; i < n; i++) {
            dev.add(sorted.get((int) ((long) i * sorted.size() / n)));
        }
        return dev;
    }

    /** The phone sequences of some sentences. */
    public static List<int[]> phones(List<Sentence> sentences) {
        return sentences.stream().map(Sentence::phones).toList();
    }
}
