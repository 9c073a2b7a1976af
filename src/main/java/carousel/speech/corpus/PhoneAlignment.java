package carousel.speech.corpus;

import carousel.io.FormatException;
import carousel.io.TextLines;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The phone segments of one utterance, as in a TIMIT {@code .PHN} file: one {@code start end phone}
 * line per segment, sample positions at the audio's rate (16 kHz in TIMIT), {@code end} exclusive.
 *
 * <p>{@link #read} only parses; {@link #coverAudio} checks that the segments tile the audio
 * ({@code [0, numSamples)}, no gaps, no overlaps, nothing past the end) and {@link #mapped} folds the
 * symbols into another phone set. Every error names the utterance, the file and the line.
 *
 * @param utteranceId the utterance, for messages
 * @param source      the {@code .PHN} file it was read from, for messages
 * @param segments    the segments in file order
 */
public record PhoneAlignment(String utteranceId, Path source, List<PhoneSegment> segments) {

    public PhoneAlignment {
        Objects.requireNonNull(utteranceId, "utteranceId");
        Objects.requireNonNull(source, "source");
        segments = List.copyOf(segments);
        if (segments.isEmpty()) {
            throw new IllegalArgumentException(utteranceId + ": " + source + ": alignment has no segments");
        }
    }

    /**
     * Parses a {@code .PHN} file: blank lines are skipped, every other line must be {@code start end
     * phone} with {@code 0 <= start <= end}.
     *
     * @throws CorpusFormatException for a malformed line or an empty file, naming file and line
     */
    public static PhoneAlignment read(Path phn, String utteranceId) throws IOException {
        List<PhoneSegment> segments = new ArrayList<>();
        try (TextLines r = TextLines.open(phn, StandardCharsets.US_ASCII, ".PHN file")) {
            for (String line = r.next(); line != null; line = r.next()) {
                int n = r.lineNumber();
                String t = line.strip();
                if (t.isEmpty()) {
                    continue;
                }
                String[] f = t.split("\\s+");
                if (f.length != 3) {
                    throw new CorpusFormatException(utteranceId, phn, n,
                            "malformed line, expected 'start end phone', got '" + t + "'");
                }
                long start = parseSample(f[0], "start", utteranceId, phn, n);
                long end = parseSample(f[1], "end", utteranceId, phn, n);
                if (end < start) {
                    throw new CorpusFormatException(utteranceId, phn, n,
                            "segment '" + f[2] + "' ends (" + end + ") before it starts (" + start + ")");
                }
                segments.add(new PhoneSegment(start, end, f[2], n));
            }
        } catch (CorpusFormatException e) {
            throw e;
        } catch (FormatException e) {
            throw new CorpusFormatException(utteranceId, phn, e.line(), e.problem());
        }
        if (segments.isEmpty()) {
            throw new CorpusFormatException(utteranceId, phn, 0, "no phone segments (empty file)");
        }
        return new PhoneAlignment(utteranceId, phn, segments);
    }

    private static long parseSample(String s, String what, String utt, Path file, int line) throws CorpusFormatException {
        try {
            long v = Long.parseLong(s);
            if (v < 0) {
                throw new CorpusFormatException(utt, file, line, what + " sample is negative: " + s);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new CorpusFormatException(utt, file, line, what + " sample is not an integer: '" + s + "'");
        }
    }

    /** The end of the last segment. */
    public long endSample() {
        return segments.getLast().endSample();
    }

    /** The phone symbols in order. */
    public List<String> phones() {
        return segments.stream().map(PhoneSegment::phone).toList();
    }

    /**
     * Checks that the segments tile the audio {@code [0, numSamples)} and returns an alignment that
     * covers it exactly. The first segment must start at 0; each next one must start where the previous
     * ended (a gap or an overlap is an error); no segment may end after {@code numSamples}. The last one
     * may end up to {@code maxUncoveredTailSamples} before the end of the audio: that tail is given to
     * the last segment (in TIMIT, {@code h#}). Real TIMIT {@code .PHN} files often stop a little before
     * the end of the waveform; 0 demands exact coverage.
     *
     * @throws CorpusFormatException naming the utterance, file, line and what does not fit
     */
    public PhoneAlignment coverAudio(long numSamples, long maxUncoveredTailSamples) throws CorpusFormatException {
        if (maxUncoveredTailSamples < 0) {
            throw new IllegalArgumentException("maxUncoveredTailSamples must be >= 0, got " + maxUncoveredTailSamples);
        }
        PhoneSegment first = segments.getFirst();
        if (first.startSample() != 0) {
            throw new CorpusFormatException(utteranceId, source, first.line(),
                    "first segment starts at sample " + first.startSample() + ", not 0: the start of the audio is not labelled");
        }
        for (int i = 0; i < segments.size(); i++) {
            PhoneSegment s = segments.get(i);
            if (s.endSample() > numSamples) {
                throw new CorpusFormatException(utteranceId, source, s.line(), "segment '" + s.phone() + "' ends at sample "
                        + s.endSample() + ", beyond the end of the audio (" + numSamples + " samples)");
            }
            if (i > 0) {
                PhoneSegment p = segments.get(i - 1);
                if (s.startSample() > p.endSample()) {
                    throw new CorpusFormatException(utteranceId, source, s.line(), "gap: segment '" + s.phone()
                            + "' starts at sample " + s.startSample() + " but the previous one (line " + p.line()
                            + ") ends at " + p.endSample());
                }
                if (s.startSample() < p.endSample()) {
                    throw new CorpusFormatException(utteranceId, source, s.line(), "overlap: segment '" + s.phone()
                            + "' starts at sample " + s.startSample() + " before the previous one (line " + p.line()
                            + ") ends at " + p.endSample());
                }
            }
        }
        long tail = numSamples - endSample();
        if (tail > maxUncoveredTailSamples) {
            throw new CorpusFormatException(utteranceId, source, segments.getLast().line(), "segments end at sample "
                    + endSample() + ", " + tail + " samples before the end of the audio (" + numSamples
                    + " samples); at most " + maxUncoveredTailSamples + " may be left unlabelled");
        }
        if (tail == 0) {
            return this;
        }
        List<PhoneSegment> extended = new ArrayList<>(segments);
        extended.set(extended.size() - 1, extended.getLast().withEnd(numSamples));
        return new PhoneAlignment(utteranceId, source, extended);
    }

    /**
     * The same segments with every symbol folded by {@code map}. A deleted phone (TIMIT {@code q})
     * gives its samples to the preceding segment, or to the following one when it comes first; a file
     * of deleted phones only is an error. Adjacent segments that fold to the same symbol stay separate
     * segments (so each keeps its own three HMM states in {@link FrameTargets#states}).
     *
     * @throws CorpusFormatException for a symbol {@code map} does not know, naming file and line
     */
    public PhoneAlignment mapped(PhoneMap map) throws CorpusFormatException {
        List<PhoneSegment> out = new ArrayList<>(segments.size());
        long pendingStart = -1;
        for (PhoneSegment s : segments) {
            Optional<String> target = map.map(s.phone(), utteranceId, source, s.line());
            if (target.isEmpty()) {
                if (out.isEmpty()) {
                    if (pendingStart < 0) {
                        pendingStart = s.startSample();
                    }
                } else {
                    out.set(out.size() - 1, out.getLast().withEnd(s.endSample()));
                }
                continue;
            }
            PhoneSegment m = s.withPhone(target.get());
            if (pendingStart >= 0) {
                m = m.withStart(pendingStart);
                pendingStart = -1;
            }
            out.add(m);
        }
        if (out.isEmpty()) {
            throw new CorpusFormatException(utteranceId, source, 0,
                    "every segment is a phone that " + map + " deletes (" + map.deleted() + ")");
        }
        return new PhoneAlignment(utteranceId, source, out);
    }
}
