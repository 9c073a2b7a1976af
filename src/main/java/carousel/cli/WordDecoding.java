package carousel.cli;

import carousel.progress.ProgressBar;
import carousel.speech.am.AcousticModel;
import carousel.speech.dataset.AcousticCorpus;
import carousel.speech.decode.HmmTopology;
import carousel.speech.decode.WordDecodeResult;
import carousel.speech.decode.WordDecoder;
import carousel.speech.decode.WordDecoderOptions;
import carousel.speech.lexicon.Lexicon;
import carousel.speech.lm.NgramLm;
import carousel.speech.recognize.ContextSearch;
import carousel.speech.recognize.WordRecognizer;
import carousel.speech.score.EditCosts;
import carousel.speech.score.ScoreReport;
import carousel.speech.score.Transcript;
import carousel.speech.score.Transcripts;
import carousel.speech.score.WordScoring;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code decode --words}: the word search over a corpus split with the same acoustic scores and HMMs as
 * the phone decoding, scored against the corpus's {@code .WRD} words as sclite scores them (S/D/I per
 * speaker, {@code %WER} line, OOV reference words counted against the recognizer's vocabulary).
 */
final class WordDecoding {
    private WordDecoding() {}

    /** What the word decoding printed. */
    record Result(String text, double wer, double oovPercent, double rtf) {}

    static Result run(AcousticModel am, HmmTopology topology, List<AcousticCorpus.Utt> utts, Path corpus, Lexicon lexicon, NgramLm lm,
                      double acousticScale, WordDecoderOptions options, NgramLm rescoreLm, ContextSearch cdSearch, Path out) throws IOException {
        WordRecognizer rec = new WordRecognizer(am, lexicon, lm, topology, acousticScale, options, rescoreLm, cdSearch);
        Map<String, Transcript> hyps = new LinkedHashMap<>();
        Map<String, String> speakers = new LinkedHashMap<>();
        Map<String, WordRecognizer.Result> results = new LinkedHashMap<>();
        double audio = 0, seconds = 0, searchSeconds = 0, finishSeconds = 0;
        double frameSeconds = am.config().features().frameShiftSeconds();
        ProgressBar bar = ProgressBar.start(System.err, "decode words", utts.size(), "utterances");
        for (AcousticCorpus.Utt u : utts) {
            long t0 = System.nanoTime();
            float[][] logPosteriors = rec.logPosteriors(u.feats());
            long t1 = System.nanoTime();
            WordDecoder.Search search = rec.search(logPosteriors);
            long t2 = System.nanoTime();
            WordDecodeResult d = search.finish(0);
            long t3 = System.nanoTime();
            WordRecognizer.Result r = rec.result(d, u.feats().numFrames() * frameSeconds, (t3 - t0) * 1e-9);
            audio += r.audioSeconds();
            seconds += r.seconds();
            searchSeconds += (t2 - t1) * 1e-9;
            finishSeconds += (t3 - t2) * 1e-9;
            results.put(u.id(), r);
            List<String> words = new ArrayList<>();
            for (WordRecognizer.Word w : r.words()) words.add(w.word());
            hyps.put(u.id(), Transcript.of(u.id(), words));
            speakers.put(u.id(), u.speaker());
            bar.step();
        }
        bar.close();
        Map<String, Transcript> refs = ScoreCommand.fromCorpus(corpus, hyps, true);
        ScoreReport report = ScoreReport.scoreWords(refs, hyps,
                new WordScoring(false, EditCosts.SCLITE, w -> lexicon.contains(w) && lm.vocabulary().contains(w)), speakers::get);
        StringBuilder sb = new StringBuilder(report.table()).append('\n');
        double wer = report.overall().errorRate();
        sb.append(String.format(Locale.ROOT, "WER %.2f%% on %d utterances; OOV %.2f%% of reference words (not in lexicon and LM); "
                        + "%d-word lexicon, %d-gram LM of %d words%s; word decoding real-time factor %.3f (network and both passes; "
                        + "the search alone %.3f, the lattice's end: %sconfidences %.4f)%n",
                100 * wer, utts.size(), report.oov().percent(), lexicon.size(), lm.order(), lm.vocabulary().size(),
                rescoreLm == null ? "" : String.format(Locale.ROOT, ", rescored with a %d-gram LM of %d words", rescoreLm.order(), rescoreLm.vocabulary().size()),
                seconds / audio, searchSeconds / audio, rescoreLm == null ? "" : "rescoring and ", finishSeconds / audio));
        if (out != null) {
            Path dir = out.resolve("words");
            Files.createDirectories(dir);
            Map<String, List<String>> hypWords = new LinkedHashMap<>(), refWords = new LinkedHashMap<>();
            hyps.forEach((id, t) -> hypWords.put(id, t.phones()));
            refs.forEach((id, t) -> refWords.put(id, t.phones()));
            Transcripts.writeTrn(dir.resolve("hyp.trn"), hypWords, speakers::get);
            Transcripts.writeTrn(dir.resolve("ref.trn"), refWords, speakers::get);
            try (Writer w = Files.newBufferedWriter(dir.resolve("hyp.ctm"), StandardCharsets.UTF_8)) {
                for (Map.Entry<String, WordRecognizer.Result> e : results.entrySet())
                    for (WordRecognizer.Word word : e.getValue().words())
                        w.write(String.format(Locale.ROOT, "%s 1 %.2f %.2f %s%n", e.getKey(), word.startSeconds(), word.endSeconds() - word.startSeconds(), word.word()));
            }
            Files.writeString(dir.resolve("score.txt"), sb.toString());
            sb.append("wrote ").append(dir.resolve("hyp.trn")).append(", ref.trn, hyp.ctm, score.txt (sclite: sclite -r ref.trn trn -h hyp.trn trn -i rm)\n");
        }
        return new Result(sb.toString(), wer, report.oov().percent(), seconds / audio);
    }
}
