package carousel.speech.lexicon;

import carousel.speech.corpus.PhoneSet;
import carousel.speech.lm.LmFormatException;
import carousel.speech.lm.NgramLm;
import carousel.speech.lm.Vocabulary;
import carousel.speech.lm.WittenBellEstimator;
import carousel.speech.score.EditAlignment;
import carousel.speech.score.ErrorCounts;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Letter-to-sound rules learned from a pronouncing dictionary, for words it lacks: a joint-sequence
 * n-gram model over graphones (M. Bisani and H. Ney, "Joint-sequence models for grapheme-to-phoneme
 * conversion", Speech Communication 50(5):434-451, 2008). Training aligns each word's letters with its
 * phones ({@link GraphoneAligner}: one letter to zero, one or two phones), writes each word as a sequence
 * of graphone tokens such as {@code x}K_S} or {@code e}} (a silent e), and estimates an n-gram model of
 * these tokens ({@link WittenBellEstimator}); the model is an ARPA file of graphones, read back as an
 * {@link NgramLm}. A word is pronounced by a beam search over the graphones of its letters, one letter
 * at a time, hypotheses with equal LM states recombined. Immutable and thread-safe.
 */
public final class LetterToSound {

    /** Hypotheses kept per letter. */
    static final int BEAM = 64;
    /** EM iterations of the alignment. */
    static final int ALIGN_ITERATIONS = 5;

    private final NgramLm lm;
    private final PhoneSet phones;
    /** Letter → the graphone tokens of that letter. */
    private final Map<Character, int[]> byLetter;
    /** Token id → its phone ids (null for the sentence markers). */
    private final int[][] tokenPhones;

    private LetterToSound(NgramLm lm, PhoneSet phones, Path source) throws LmFormatException {
        this.lm = lm;
        this.phones = phones;
        Vocabulary v = lm.vocabulary();
        this.tokenPhones = new int[v.size()][];
        Map<Character, List<Integer>> lists = new HashMap<>();
        for (int t = 0; t < v.size(); t++) {
            String tok = v.word(t);
            if (t == v.bos() || t == v.eos() || t == v.unk()) {
                continue;
            }
            int brace = tok.lastIndexOf('}');
            if (brace != 1) {
                throw new LmFormatException(source, "'" + tok + "' is not a graphone (letter}PHONE_PHONE)");
            }
            String ph = tok.substring(brace + 1);
            String[] f = ph.isEmpty() ? new String[0] : ph.split("_");
            int[] ids = new int[f.length];
            for (int i = 0; i < f.length; i++) {
                if (!phones.contains(f[i])) {
                    throw new LmFormatException(source, "graphone '" + tok + "' names phone '" + f[i] + "', not in " + phones);
                }
                ids[i] = phones.index(f[i]);
            }
            tokenPhones[t] = ids;
            lists.computeIfAbsent(tok.charAt(0), c -> new ArrayList<>()).add(t);
        }
        this.byLetter = new HashMap<>();
        lists.forEach((c, l) -> byLetter.put(c, l.stream().mapToInt(Integer::intValue).toArray()));
    }

    /**
     * Trains on every pronunciation of {@code lexicon} (words lower-cased), writing the graphone model of
     * order {@code order} to {@code modelFile}.
     */
    public static LetterToSound train(Lexicon lexicon, int order, Path modelFile) throws IOException {
        return train(lexicon, order, modelFile, w -> true);
    }

    /** As {@link #train(Lexicon, int, Path)} on the words {@code use} accepts (to hold some out). */
    public static LetterToSound train(Lexicon lexicon, int order, Path modelFile, Predicate<String> use)
            throws IOException {
        if (lexicon.phones().size() > 64) {
            throw new IllegalArgumentException("letter-to-sound needs at most 64 phones, " + lexicon.phones() + " has more");
        }
        List<GraphoneAligner.Example> examples = new ArrayList<>();
        for (int w = 0; w < lexicon.size(); w++) {
            String word = lexicon.words().word(w);
            if (!use.test(word)) {
                continue;
            }
            for (int p = lexicon.firstPronunciation(w); p < lexicon.endPronunciation(w); p++) {
                examples.add(new GraphoneAligner.Example(word.toLowerCase(Locale.ROOT), lexicon.phoneIds(p)));
            }
        }
        GraphoneAligner aligner = new GraphoneAligner();
        aligner.train(examples, ALIGN_ITERATIONS);
        Vocabulary.Builder tokens = new Vocabulary.Builder(1 << 12);
        tokens.add(Vocabulary.EOS);
        tokens.add(Vocabulary.BOS);
        List<int[]> sentences = new ArrayList<>();
        for (GraphoneAligner.Example e : examples) {
            int[] chunks = aligner.align(e);
            if (chunks == null) {
                continue;
            }
            int[] ids = new int[chunks.length];
            for (int i = 0; i < chunks.length; i++) {
                StringBuilder t = new StringBuilder().append(e.letters().charAt(i)).append('}');
                int[] ph = GraphoneAligner.phones(chunks[i]);
                for (int k = 0; k < ph.length; k++) {
                    t.append(k > 0 ? "_" : "").append(lexicon.phones().symbol(ph[k]));
                }
                String s = t.toString();
                int id = tokens.id(s);
                ids[i] = id >= 0 ? id : tokens.add(s);
            }
            sentences.add(ids);
        }
        new WittenBellEstimator(order, tokens.build(), sentences).write(modelFile);
        return load(modelFile, lexicon.phones());
    }

    /** Reads a graphone model written by {@link #train}; its phones must be in {@code phones}. */
    public static LetterToSound load(Path modelFile, PhoneSet phones) throws IOException {
        return new LetterToSound(NgramLm.read(modelFile), phones, modelFile);
    }

    public PhoneSet phones() {
        return phones;
    }

    /** The most probable pronunciation of {@code word} (lower-cased) as phone ids; letters never seen are silent. */
    public int[] pronounce(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        int n = w.length();
        // per step: the surviving hypotheses' state, score, token and predecessor index
        int[][] state = new int[n + 1][];
        float[][] score = new float[n + 1][];
        int[][] token = new int[n + 1][];
        int[][] prev = new int[n + 1][];
        state[0] = new int[] {lm.startState()};
        score[0] = new float[] {0f};
        token[0] = new int[] {-1};
        prev[0] = new int[] {-1};
        for (int i = 0; i < n; i++) {
            int[] options = byLetter.get(w.charAt(i));
            if (options == null) {
                state[i + 1] = state[i];
                score[i + 1] = score[i];
                token[i + 1] = new int[state[i].length];
                Arrays.fill(token[i + 1], -1);
                prev[i + 1] = new int[state[i].length];
                Arrays.setAll(prev[i + 1], k -> k);
                continue;
            }
            Map<Integer, Integer> best = new HashMap<>();
            List<float[]> cands = new ArrayList<>(); // {score, state, token, prev}
            for (int h = 0; h < state[i].length; h++) {
                for (int t : options) {
                    long r = lm.next(state[i][h], t);
                    float s = score[i][h] + NgramLm.logProbOf(r);
                    int st = NgramLm.stateOf(r);
                    Integer at = best.get(st);
                    if (at == null) {
                        best.put(st, cands.size());
                        cands.add(new float[] {s, st, t, h});
                    } else if (s > cands.get(at)[0]) {
                        cands.set(at, new float[] {s, st, t, h});
                    }
                }
            }
            cands.sort((a, b) -> Float.compare(b[0], a[0]));
            int keep = Math.min(BEAM, cands.size());
            state[i + 1] = new int[keep];
            score[i + 1] = new float[keep];
            token[i + 1] = new int[keep];
            prev[i + 1] = new int[keep];
            for (int k = 0; k < keep; k++) {
                float[] c = cands.get(k);
                score[i + 1][k] = c[0];
                state[i + 1][k] = (int) c[1];
                token[i + 1][k] = (int) c[2];
                prev[i + 1][k] = (int) c[3];
            }
        }
        int bestK = 0;
        float bestS = Float.NEGATIVE_INFINITY;
        for (int k = 0; k < state[n].length; k++) {
            float s = score[n][k] + lm.finalLogProb(state[n][k]);
            if (s > bestS) {
                bestS = s;
                bestK = k;
            }
        }
        List<int[]> parts = new ArrayList<>();
        int k = bestK;
        for (int i = n; i > 0; i--) {
            int t = token[i][k];
            if (t >= 0) {
                parts.add(tokenPhones[t]);
            }
            k = prev[i][k];
        }
        int len = parts.stream().mapToInt(a -> a.length).sum();
        int[] out = new int[len];
        int at = len;
        for (int[] p : parts) {
            at -= p.length;
            System.arraycopy(p, 0, out, at, p.length);
        }
        return out;
    }

    /**
     * Phone and word error rates on the words of {@code lexicon} that {@code test} accepts: each word's
     * pronunciation against the nearest of its listed ones (unit-cost alignment).
     *
     * @param words      words scored
     * @param wordErrors words whose pronunciation matches none of the listed ones
     * @param phones     phone error counts against the nearest listed pronunciation
     */
    public record Evaluation(int words, int wordErrors, ErrorCounts phones) {
        /** Phone error rate in percent. */
        public double phoneErrorPercent() {
            return phones.percent(phones.errors());
        }

        /** Word error rate in percent. */
        public double wordErrorPercent() {
            return words == 0 ? Double.NaN : 100.0 * wordErrors / words;
        }
    }

    /** Scores this model on the words of {@code lexicon} that {@code test} accepts. */
    public Evaluation evaluate(Lexicon lexicon, Predicate<String> test) {
        int words = 0;
        int wrong = 0;
        ErrorCounts sum = ErrorCounts.ZERO;
        for (int w = 0; w < lexicon.size(); w++) {
            String word = lexicon.words().word(w);
            if (!test.test(word)) {
                continue;
            }
            List<String> hyp = pronounceSymbols(word);
            ErrorCounts best = null;
            for (List<String> ref : lexicon.pronunciations(word)) {
                ErrorCounts c = EditAlignment.align(ref, hyp).counts();
                if (best == null || c.errors() < best.errors()) {
                    best = c;
                }
            }
            words++;
            wrong += best.errors() > 0 ? 1 : 0;
            sum = sum.plus(best);
        }
        return new Evaluation(words, wrong, sum);
    }

    /** {@link #pronounce} as phone symbols. */
    public List<String> pronounceSymbols(String word) {
        List<String> out = new ArrayList<>();
        for (int p : pronounce(word)) {
            out.add(phones.symbol(p));
        }
        return out;
    }
}
