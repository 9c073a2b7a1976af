package carousel.speech.lexicon;

import carousel.speech.corpus.PhoneMap;
import carousel.speech.corpus.PhoneSet;
import carousel.speech.lm.Vocabulary;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A pronouncing dictionary: words ({@link Vocabulary}, ids in order of first appearance), each with one
 * or more pronunciations as phone ids of a {@link PhoneSet} and a probability (1 unless the file gives
 * one). Immutable and thread-safe.
 *
 * <p>Held compactly for the 134k words of the CMU dictionary: pronunciations are numbered
 * {@code 0 .. pronunciationCount-1}, grouped by word (a word's are {@code first(w) .. end(w)-1}, in file
 * order), their phones concatenated in one {@code byte[]} with an offset per pronunciation: about
 * 1.5 MB for 135k pronunciations, no list of strings per word.
 */
public final class Lexicon {

    private final PhoneSet phones;
    private final Vocabulary words;
    /** (W + 1): the pronunciations of word w are firstPron[w] .. firstPron[w+1]-1. */
    private final int[] firstPron;
    /** (P + 1): the phones of pronunciation p are phoneIds[phoneStart[p] .. phoneStart[p+1]). */
    private final int[] phoneStart;
    private final byte[] phoneIds;
    /** (P): ln probability of each pronunciation. */
    private final float[] logProb;
    /** (P): the word of each pronunciation. */
    private final int[] wordOf;

    Lexicon(PhoneSet phones, Vocabulary words, int[] firstPron, int[] phoneStart, byte[] phoneIds, float[] logProb) {
        if (phones.size() > Byte.MAX_VALUE) {
            throw new IllegalArgumentException("a lexicon holds phone sets of at most 127 phones, " + phones + " has more");
        }
        this.phones = phones;
        this.words = words;
        this.firstPron = firstPron;
        this.phoneStart = phoneStart;
        this.phoneIds = phoneIds;
        this.logProb = logProb;
        this.wordOf = new int[logProb.length];
        for (int w = 0; w < words.size(); w++) {
            Arrays.fill(wordOf, firstPron[w], firstPron[w + 1], w);
        }
    }

    /** Reads a dictionary in {@code format}, checking every phone against {@code phones}. */
    public static Lexicon read(Path file, LexiconFormat format, PhoneSet phones) throws IOException {
        return LexiconReader.read(file, format, phones);
    }

    /** The CMU dictionary as PocketSphinx ships it, in {@link PhoneBridge#CMU_39}. */
    public static Lexicon readCmu(Path file) throws IOException {
        return LexiconReader.read(file, LexiconFormat.CMU, PhoneBridge.CMU_39);
    }

    /** The phones the pronunciations are written in. */
    public PhoneSet phones() {
        return phones;
    }

    /** The words, ids {@code 0 .. size-1}. */
    public Vocabulary words() {
        return words;
    }

    /** Number of words. */
    public int size() {
        return words.size();
    }

    public boolean contains(String word) {
        return words.contains(word);
    }

    /** Number of pronunciations of all words. */
    public int pronunciationCount() {
        return logProb.length;
    }

    /** The first pronunciation of word {@code w}. */
    public int firstPronunciation(int w) {
        checkWord(w);
        return firstPron[w];
    }

    /** One past the last pronunciation of word {@code w}. */
    public int endPronunciation(int w) {
        checkWord(w);
        return firstPron[w + 1];
    }

    /** The word of pronunciation {@code p}. */
    public int wordOf(int p) {
        checkPron(p);
        return wordOf[p];
    }

    /** Number of phones of pronunciation {@code p} (at least 1). */
    public int length(int p) {
        checkPron(p);
        return phoneStart[p + 1] - phoneStart[p];
    }

    /** Phone id {@code i} ({@code 0 <= i < length(p)}) of pronunciation {@code p}. */
    public int phone(int p, int i) {
        if (i < 0 || i >= length(p)) {
            throw new IllegalArgumentException("phone " + i + " outside pronunciation " + p + " of " + length(p) + " phones");
        }
        return phoneIds[phoneStart[p] + i];
    }

    /** The phone ids of pronunciation {@code p} (a new array). */
    public int[] phoneIds(int p) {
        int[] r = new int[length(p)];
        for (int i = 0; i < r.length; i++) {
            r[i] = phoneIds[phoneStart[p] + i];
        }
        return r;
    }

    /** ln probability of pronunciation {@code p} (0 when the file gave none). */
    public float logProb(int p) {
        checkPron(p);
        return logProb[p];
    }

    /** The pronunciations of {@code word} as phone symbols; empty when the word is not in the lexicon. */
    public List<List<String>> pronunciations(String word) {
        int w = words.id(word);
        List<List<String>> r = new ArrayList<>();
        if (w < 0) {
            return r;
        }
        for (int p = firstPron[w]; p < firstPron[w + 1]; p++) {
            List<String> s = new ArrayList<>(length(p));
            for (int i = phoneStart[p]; i < phoneStart[p + 1]; i++) {
                s.add(phones.symbol(phoneIds[i]));
            }
            r.add(List.copyOf(s));
        }
        return r;
    }

    /**
     * This lexicon with every phone mapped by {@code map} (e.g. {@link PhoneBridge#dictionaryToAcoustic}),
     * so that pronunciations are in an acoustic model's phone ids. Phones the map deletes are dropped;
     * pronunciations that become equal are merged (the first kept, with the higher probability).
     *
     * @throws IllegalArgumentException when {@code map} is not from this lexicon's phone set, or a
     *                                  pronunciation would lose all its phones
     */
    public Lexicon mapped(PhoneMap map) {
        if (!map.from().equals(phones)) {
            throw new IllegalArgumentException(map + " does not start from this lexicon's phones " + phones);
        }
        PhoneSet to = map.to();
        int[] code = new int[phones.size()];
        for (int i = 0; i < code.length; i++) {
            code[i] = map.map(phones.symbol(i)).map(to::index).orElse(-1);
        }
        int[] first = new int[size() + 1];
        int[] start = new int[pronunciationCount() + 1];
        byte[] ids = new byte[phoneIds.length];
        float[] lp = new float[pronunciationCount()];
        int n = 0;
        int used = 0;
        for (int w = 0; w < size(); w++) {
            first[w] = n;
            for (int p = firstPron[w]; p < firstPron[w + 1]; p++) {
                start[n] = used;
                for (int i = phoneStart[p]; i < phoneStart[p + 1]; i++) {
                    if (code[phoneIds[i]] >= 0) {
                        ids[used++] = (byte) code[phoneIds[i]];
                    }
                }
                if (used == start[n]) {
                    throw new IllegalArgumentException("pronunciation " + (p - firstPron[w] + 1) + " of '" + words.word(w)
                            + "' has no phone left after " + map);
                }
                int same = -1;
                for (int q = first[w]; q < n && same < 0; q++) {
                    same = Arrays.equals(ids, start[q], start[q + 1], ids, start[n], used) ? q : -1;
                }
                if (same >= 0) {
                    used = start[n];
                    lp[same] = Math.max(lp[same], logProb[p]);
                } else {
                    lp[n++] = logProb[p];
                    start[n] = used;
                }
            }
        }
        first[size()] = n;
        start[n] = used;
        return new Lexicon(to, words, first, Arrays.copyOf(start, n + 1), Arrays.copyOf(ids, used), Arrays.copyOf(lp, n));
    }

    /**
     * This lexicon plus, for each of {@code words} it lacks, the pronunciation {@code g2p} guesses (so that
     * an LM's or a user's vocabulary is covered). Sentence markers and other {@code <...>} tokens are
     * skipped, as are words of which the model can say nothing (no letter it knows).
     *
     * @throws IllegalArgumentException when {@code g2p} speaks another phone set
     */
    public Lexicon withGuesses(Iterable<String> words, LetterToSound g2p) {
        if (!g2p.phones().equals(phones)) {
            throw new IllegalArgumentException("letter-to-sound model in " + g2p.phones() + " for a lexicon in " + phones);
        }
        Vocabulary.Builder b = new Vocabulary.Builder(size() + 1024);
        for (int w = 0; w < size(); w++) {
            b.add(this.words.word(w));
        }
        List<int[]> added = new ArrayList<>();
        for (String w : words) {
            if (w.startsWith("<") && w.endsWith(">") || b.id(w) >= 0) {
                continue;
            }
            int[] p = g2p.pronounce(w);
            if (p.length > 0) {
                b.add(w);
                added.add(p);
            }
        }
        int n = pronunciationCount();
        int[] first = Arrays.copyOf(firstPron, size() + added.size() + 1);
        int[] start = Arrays.copyOf(phoneStart, n + added.size() + 1);
        int extra = added.stream().mapToInt(a -> a.length).sum();
        byte[] ids = Arrays.copyOf(phoneIds, phoneIds.length + extra);
        float[] lp = Arrays.copyOf(logProb, n + added.size());
        int used = phoneIds.length;
        for (int i = 0; i < added.size(); i++) {
            for (int ph : added.get(i)) {
                ids[used++] = (byte) ph;
            }
            first[size() + i + 1] = n + i + 1;
            start[n + i + 1] = used;
        }
        return new Lexicon(phones, b.build(), first, start, ids, lp);
    }

    /** Bytes held by the arrays (word strings not counted). */
    public long arrayBytes() {
        return 4L * (firstPron.length + phoneStart.length + logProb.length + wordOf.length) + phoneIds.length;
    }

    private void checkWord(int w) {
        if (w < 0 || w >= words.size()) {
            throw new IllegalArgumentException("word id " + w + " outside the lexicon (0.." + (words.size() - 1) + ")");
        }
    }

    private void checkPron(int p) {
        if (p < 0 || p >= logProb.length) {
            throw new IllegalArgumentException("pronunciation " + p + " outside 0.." + (logProb.length - 1));
        }
    }

    @Override
    public String toString() {
        return "Lexicon (" + size() + " words, " + pronunciationCount() + " pronunciations, " + phones + ")";
    }
}
